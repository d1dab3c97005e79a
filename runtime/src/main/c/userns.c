/* Unprivileged containers: the user namespace's id maps (written by the monitor, which is root in the
 * parent namespace) and the rootfs as an idmapped mount, made by the monitor and handed to init over
 * the sync socket, so the rootfs needs no chown. */
#include "shim.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

int write_id_maps(const struct spec *s, pid_t pid)
{
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

int send_byte_and_fd(int sock, char byte, int fd)
{
	struct iovec iov = {&byte, 1};
	char control[CMSG_SPACE(sizeof(int))];
	memset(control, 0, sizeof(control));
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof(control)};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

int receive_byte_and_fd(int sock, int *fd)
{
	char byte;
	struct iovec iov = {&byte, 1};
	char control[CMSG_SPACE(sizeof(int))];
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof(control)};
	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != 1) return -1;
	*fd = -1;
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	if (c && c->cmsg_type == SCM_RIGHTS) memcpy(fd, CMSG_DATA(c), sizeof(int));
	return 0;
}
