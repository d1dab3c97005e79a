/* Unprivileged containers: the user namespace's id maps (written by the monitor, which is root in the
 * parent namespace) and the rootfs as an idmapped mount, made by the monitor and handed to init over
 * the sync socket, so the rootfs needs no chown. */
#include "shim.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* The host id that inside maps to in a map text ("inside outside count" lines), or -1. */
long mapped_id(const char *map, long inside)
{
	for (const char *line = map; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		long in, out, count;
		if (sscanf(line, "%ld %ld %ld", &in, &out, &count) == 3 && inside >= in && inside < in + count) return out + (inside - in);
	}
	return -1;
}

/* A normal user may map only its own id itself: the subordinate ranges of /etc/subuid and /etc/subgid
 * go through shadow's setuid helpers, as for Podman and LXC. Their complaint becomes the report. */
static int run_newidmap(const struct spec *s, const char *prog, const char *map, pid_t pid)
{
	char *argv[3 + 3 * 64 + 1], pidtext[16], *copy = strdup(map), *save = NULL;
	int argc = 0, out[2];
	snprintf(pidtext, sizeof(pidtext), "%d", pid);
	argv[argc++] = (char *)prog;
	argv[argc++] = pidtext;
	for (char *t = strtok_r(copy, " \n", &save); t && argc < 3 + 3 * 64; t = strtok_r(NULL, " \n", &save)) argv[argc++] = t;
	argv[argc] = NULL;
	if (pipe2(out, O_CLOEXEC) < 0) { free(copy); return report_error(s, "idmap", errno, "pipe"), -1; }
	pid_t child = fork();
	if (child == 0) {
		dup2(out[1], 2);
		dup2(out[1], 1);
		execvp(prog, argv);
		dprintf(2, "%s", errno == ENOENT ? "not found: install the uidmap package (it has newuidmap and newgidmap)" : strerror(errno));
		_exit(127);
	}
	close(out[1]);
	char said[400] = {0};
	size_t got = 0;
	ssize_t n;
	while (got < sizeof(said) - 1 && (n = read(out[0], said + got, sizeof(said) - 1 - got)) > 0) got += (size_t)n;
	close(out[0]);
	free(copy);
	int status = 0;
	if (child < 0 || waitpid(child, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char *nl;
		while ((nl = strchr(said, '\n')) && nl[1] == 0) *nl = 0;
		char msg[600];
		snprintf(msg, sizeof(msg), "%s failed%s%s", prog, *said ? ": " : "", said);
		report_error(s, "idmap", child < 0 ? errno : 0, msg);
		return -1;
	}
	return 0;
}

int write_id_maps(const struct spec *s, pid_t pid)
{
	if (geteuid() != 0)
		return run_newidmap(s, "newuidmap", s->uidmap, pid) < 0 || run_newidmap(s, "newgidmap", s->gidmap, pid) < 0 ? -1 : 0;
	char path[64];
	const char *maps[2] = {s->uidmap, s->gidmap}, *names[2] = {"uid_map", "gid_map"};
	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "/proc/%d/%s", pid, names[i]);
		if (write_string(path, maps[i]) < 0) {
			char msg[128];
			snprintf(msg, sizeof(msg), "write %s of init", names[i]);
			report_error(s, "idmap", errno, msg);
			return -1;
		}
	}
	return 0;
}

/* A detached copy of the rootfs whose ids are shifted into pid's user namespace. */
int idmapped_rootfs(const struct spec *s, pid_t pid)
{
	int tree = (int)syscall(SYS_open_tree, AT_FDCWD, s->rootfs, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
	if (tree < 0) { report_error(s, "idmap", errno, "clone the rootfs mount (open_tree)"); return -1; }
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/ns/user", pid);
	int userns = open(path, O_RDONLY | O_CLOEXEC);
	if (userns < 0) { report_error(s, "idmap", errno, "open init's user namespace"); close(tree); return -1; }
	struct mount_attr attr = {.attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (uint64_t)userns};
	long rc = syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof(attr));
	int err = errno;
	close(userns);
	if (rc < 0) {
		report_error(s, "idmap", err, "make an idmapped mount of the rootfs (needs a filesystem that supports them)");
		close(tree);
		return -1;
	}
	return tree;
}

/* A shifted rootfs (owned by the mapped ids on disk) is opened by the monitor: the container's root may
 * not be able to walk the folders above it (a user's 0700 home), and needs not. */
int open_rootfs_folder(const struct spec *s)
{
	int fd = open(s->rootfs, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) report_error(s, "rootfs", errno, "open the rootfs folder (not through a link)");
	return fd;
}

/* Init, root of its user namespace, still in the host's mount namespace: it stands in the rootfs (the
 * monitor's fd), makes its own mount namespace (which carries the working folder over), clones the
 * rootfs mount from there and attaches it on itself. No path above the rootfs is walked. */
void enter_shifted_rootfs(const struct spec *s)
{
	if (fchdir(s->rootfs_tree) < 0) fail("rootfs", "enter the rootfs folder %s", s->rootfs);
	close(s->rootfs_tree);
	if (unshare(CLONE_NEWNS) < 0) fail("rootfs", "make the mount namespace");
	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0) fail("rootfs", "make / a slave mount");
	int tree = (int)syscall(SYS_open_tree, AT_FDCWD, ".", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
	if (tree < 0) fail("rootfs", "clone the rootfs mount (open_tree)");
	if (syscall(SYS_move_mount, tree, "", AT_FDCWD, ".", MOVE_MOUNT_F_EMPTY_PATH) < 0) fail("rootfs", "attach the rootfs");
	set_rootfs_fd(tree);
}

/* One byte and up to MAX_PASSED_FDS descriptors over a Unix socket (SCM_RIGHTS). */
int send_byte_and_fds(int sock, char byte, const int *fds, int n)
{
	struct iovec iov = {&byte, 1};
	char control[CMSG_SPACE(sizeof(int) * MAX_PASSED_FDS)];
	memset(control, 0, sizeof(control));
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = CMSG_SPACE(sizeof(int) * n)};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int) * n);
	memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

int send_byte_and_fd(int sock, char byte, int fd)
{
	return send_byte_and_fds(sock, byte, &fd, 1);
}

/* Fills fds (up to MAX_PASSED_FDS) and *n; 0, or -1 when the socket said nothing. */
int receive_byte_and_fds(int sock, int *fds, int *n)
{
	char byte;
	struct iovec iov = {&byte, 1};
	char control[CMSG_SPACE(sizeof(int) * MAX_PASSED_FDS)];
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof(control)};
	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != 1) return -1;
	*n = 0;
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	if (c && c->cmsg_type == SCM_RIGHTS) {
		*n = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		memcpy(fds, CMSG_DATA(c), sizeof(int) * (size_t)*n);
	}
	return 0;
}

int receive_byte_and_fd(int sock, int *fd)
{
	int fds[MAX_PASSED_FDS], n;
	if (receive_byte_and_fds(sock, fds, &n) < 0) return -1;
	*fd = n > 0 ? fds[0] : -1;
	for (int i = 1; i < n; i++) close(fds[i]);
	return 0;
}

/* An overlay rootfs in a user namespace: overlayfs cannot be idmapped itself, but takes idmapped layers.
 * fds[0] is a placeholder (init opens the mount point in its own namespace), fds[1] the folder holding upper and work, fds[2...] the lowers,
 * each a detached mount whose ids are shifted into init's user namespace. Init mounts the overlay from
 * them once it is root of that namespace. Returns the count, or -1 with the report written. */
int idmapped_layers(const struct spec *s, pid_t pid, int *fds)
{
	char path[64], folder[4200];
	snprintf(path, sizeof(path), "/proc/%d/ns/user", pid);
	int userns = open(path, O_RDONLY | O_CLOEXEC), n = 0;
	if (userns < 0) { report_error(s, "idmap", errno, "open init's user namespace"); return -1; }
	struct mount_attr attr = {.attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (uint64_t)userns};
	if ((fds[n++] = open(s->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) { report_error(s, "rootfs", errno, "open the rootfs mount point"); goto fail; }
	snprintf(folder, sizeof(folder), "%s", s->ovl_upper);
	char *slash = strrchr(folder, '/');
	if (slash) *slash = 0;
	char *layers = strdup(s->ovl_lower), *save = NULL;
	for (char *p = folder; p; p = n == 2 ? strtok_r(layers, ":", &save) : strtok_r(NULL, ":", &save)) {
		if (n == MAX_PASSED_FDS) { errno = E2BIG; report_error(s, "idmap", errno, "too many overlay layers"); free(layers); goto fail; }
		int tree = (int)syscall(SYS_open_tree, AT_FDCWD, p, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
		if (tree < 0 || syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH, &attr, sizeof(attr)) < 0) {
			char msg[4300];
			snprintf(msg, sizeof(msg), "make an idmapped mount of the overlay layer %s", p);
			report_error(s, "idmap", errno, msg);
			if (tree >= 0) close(tree);
			free(layers);
			goto fail;
		}
		fds[n++] = tree;
	}
	free(layers);
	close(userns);
	return n;
fail:
	for (int i = 0; i < n; i++) if (fds[i] >= 0) close(fds[i]);
	close(userns);
	return -1;
}
