/* The container's filesystem, built inside its own mount namespace so nothing leaks to the host.
 * Every target is resolved inside the rootfs (openat2 RESOLVE_IN_ROOT) and mounted through its fd,
 * so a symlink in the rootfs can never point a mount outside it (CVE-2021-30465). */
#include "shim.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <sched.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static int rootfd = -1;

int rootfs_fd_of_init(void) { return rootfd; }

static int openat2_in_root(const char *rel, int flags, int nosymlinks)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_CLOEXEC),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | (nosymlinks ? RESOLVE_NO_SYMLINKS : 0),
	};
	return (int)syscall(SYS_openat2, rootfd, rel, &how, sizeof(how));
}

/* The kernel's own filesystems may never be reached through a symlink (CVE-2019-16884, CVE-2025-31133). */
static int is_sensitive(const char *rel)
{
	while (*rel == '/') rel++;
	size_t len = strcspn(rel, "/");
	return (len == 4 && !strncmp(rel, "proc", 4)) || (len == 3 && (!strncmp(rel, "sys", 3) || !strncmp(rel, "dev", 3)));
}

/* Opens rel inside the rootfs as an O_PATH fd, creating missing directories (and a last file) on request. */
static int resolve_target(const char *rel, int create)
{
	int nosym = is_sensitive(rel);
	int fd = openat2_in_root(rel, O_PATH, nosym);
	if (fd >= 0 || errno != ENOENT || create == CREATE_NONE) return fd;
	char path[4096];
	snprintf(path, sizeof(path), "%s", rel);
	for (char *p = path + 1; ; p++) {
		int last = (*p == 0);
		if (*p != '/' && !last) continue;
		*p = 0;
		int exists = openat2_in_root(path, O_PATH, nosym);
		if (exists >= 0) {
			close(exists);
		} else {
			char *slash = strrchr(path, '/');
			const char *leaf = slash ? slash + 1 : path;
			int parent = slash ? (*slash = 0, openat2_in_root(*path ? path : "/", O_PATH | O_DIRECTORY, nosym)) : dup(rootfd);
			if (slash) *slash = '/';
			if (parent < 0) return -1;
			int rc;
			if (last && create == CREATE_FILE) {
				int f = openat(parent, leaf, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
				rc = f < 0 ? -1 : close(f);
			} else {
				rc = mkdirat(parent, leaf, 0755);
			}
			int err = errno;
			close(parent);
			if (rc < 0 && err != EEXIST) { errno = err; return -1; }
		}
		if (last) break;
		*p = '/';
	}
	return openat2_in_root(rel, O_PATH, nosym);
}

static void fdpath(char *buf, size_t len, int fd) { snprintf(buf, len, "/proc/self/fd/%d", fd); }

/* A read-only (or nosuid...) bind needs a remount; flags locked on the source must be kept. */
static int remount_bind(const char *target, unsigned long flags)
{
	unsigned long want = MS_BIND | MS_REMOUNT | (flags & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME | MS_RELATIME));
	if (mount(NULL, target, NULL, want, NULL) == 0) return 0;
	if (errno != EPERM) return -1;
	struct statvfs sv;
	if (statvfs(target, &sv) < 0) return -1;
	if (sv.f_flag & ST_NOSUID) want |= MS_NOSUID;
	if (sv.f_flag & ST_NODEV) want |= MS_NODEV;
	if (sv.f_flag & ST_NOEXEC) want |= MS_NOEXEC;
	if (sv.f_flag & ST_RDONLY) want |= MS_RDONLY;
	return mount(NULL, target, NULL, want, NULL);
}

static int do_mount(const struct mount_entry *m)
{
	int tfd = resolve_target(m->target, m->create);
	if (tfd < 0) return -1;
	char target[64], source[64];
	fdpath(target, sizeof(target), tfd);
	const char *src = m->src;
	int sfd = -1;
	if (m->src_in_rootfs) {
		sfd = openat2_in_root(m->src, O_PATH, 1);
		if (sfd < 0) { close(tfd); return -1; }
		fdpath(source, sizeof(source), sfd);
		src = source;
	}
	int rc;
	if (m->flags & MS_BIND) {
		rc = mount(src, target, NULL, m->flags & (MS_BIND | MS_REC), NULL);
		if (rc == 0 && (m->flags & ~(MS_BIND | MS_REC))) {
			/* tfd still names the covered dentry: resolve again to reach the new mount on top */
			int top = resolve_target(m->target, CREATE_NONE);
			if (top < 0) rc = -1;
			else {
				char toppath[64];
				fdpath(toppath, sizeof(toppath), top);
				rc = remount_bind(toppath, m->flags);
				int err = errno;
				close(top);
				errno = err;
			}
		}
	} else {
		rc = mount(src, target, m->fstype, m->flags, *m->data ? m->data : NULL);
	}
	int err = errno;
	close(tfd);
	if (sfd >= 0) close(sfd);
	errno = err;
	return rc;
}

static void mount_or_fail(const struct mount_entry *m)
{
	if (do_mount(m) == 0) return;
	if (m->optional) return;
	fail("mount", "mount %s on %s/%s (%s)", m->src, "rootfs", m->target, *m->fstype ? m->fstype : "bind");
}

static const struct { const char *name; int major, minor; } device_nodes[] = {
	{"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0},
};

static const struct { const char *link, *target; } device_links[] = {
	{"fd", "/proc/self/fd"}, {"stdin", "/proc/self/fd/0"}, {"stdout", "/proc/self/fd/1"},
	{"stderr", "/proc/self/fd/2"}, {"ptmx", "pts/ptmx"},
};

static void mount_simple(const char *src, const char *rel, const char *type, unsigned long flags, const char *data, int create)
{
	struct mount_entry m = {(char *)src, (char *)rel, (char *)type, (char *)data, flags, create, 0, 0};
	mount_or_fail(&m);
}

static void make_dev(const struct spec *s)
{
	char data[64];
	snprintf(data, sizeof(data), "size=%lld,mode=755", s->devsize > 0 ? (long long)s->devsize * 1024 * 1024 : 500000LL);
	mount_simple("none", "dev", "tmpfs", MS_NOSUID | MS_NOEXEC, data, CREATE_DIR);
	int dev = openat2_in_root("dev", O_PATH | O_DIRECTORY, 1);
	if (dev < 0) fail("autodev", "open rootfs/dev");
	for (size_t i = 0; i < sizeof(device_nodes) / sizeof(*device_nodes); i++) {
		if (s->nsflags & CLONE_NEWUSER) {   /* no mknod in a user namespace: bind the host's node */
			char src[64], rel[64];
			snprintf(src, sizeof(src), "/dev/%s", device_nodes[i].name);
			snprintf(rel, sizeof(rel), "dev/%s", device_nodes[i].name);
			struct mount_entry m = {src, rel, "", "", MS_BIND, CREATE_FILE, 0, 0};
			if (do_mount(&m) < 0) fail("autodev", "bind %s", src);
			continue;
		}
		if (mknodat(dev, device_nodes[i].name, S_IFCHR | 0666, makedev(device_nodes[i].major, device_nodes[i].minor)) < 0)
			fail("autodev", "mknod /dev/%s", device_nodes[i].name);
		if (fchmodat(dev, device_nodes[i].name, 0666, 0) < 0) fail("autodev", "chmod /dev/%s", device_nodes[i].name);
	}
	for (size_t i = 0; i < sizeof(device_links) / sizeof(*device_links); i++)
		if (symlinkat(device_links[i].target, dev, device_links[i].link) < 0)
			fail("autodev", "symlink /dev/%s", device_links[i].link);
	close(dev);
	snprintf(data, sizeof(data), "newinstance,ptmxmode=0666,mode=0620,gid=5");
	if (s->ptys > 0) snprintf(data + strlen(data), sizeof(data) - strlen(data), ",max=%d", s->ptys);
	mount_simple("devpts", "dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, data, CREATE_DIR);
	mount_simple("shm", "dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777", CREATE_DIR);
}

/* own: the pty comes from the container's devpts, in this mount namespace: bound through its fd (its
 * path may run through folders the container's root cannot walk). */
static void bind_pty(int slave_fd, const char *rel, int own)
{
	/* A host pty's fd belongs to the host's mount namespace; a bind needs the same node seen through ours. */
	char fd[64], src[256];
	snprintf(fd, sizeof(fd), "/proc/self/fd/%d", slave_fd);
	ssize_t n = own ? (ssize_t)snprintf(src, sizeof(src), "%s", fd) : readlink(fd, src, sizeof(src) - 1);
	if (n <= 0) fail("console", "find the pty of fd %d", slave_fd);
	src[n] = 0;
	struct mount_entry m = {src, (char *)rel, "", "", MS_BIND, CREATE_FILE, 0, 0};
	if (do_mount(&m) < 0) fail("console", "bind pty onto /%s", rel);
}

static void make_ttys(const struct spec *s, int console_slave_fd, int *tty_slave_fds, int own)
{
	char rel[256], target[256];
	if (console_slave_fd >= 0) bind_pty(console_slave_fd, "dev/console", own);
	for (int i = 0; i < s->ttys; i++) {
		if (s->ttydir && *s->ttydir) {
			snprintf(rel, sizeof(rel), "dev/%s/tty%d", s->ttydir, i + 1);
			snprintf(target, sizeof(target), "%s/tty%d", s->ttydir, i + 1);
			bind_pty(tty_slave_fds[i], rel, own);
			int dev = openat2_in_root("dev", O_PATH | O_DIRECTORY, 1);
			snprintf(rel, sizeof(rel), "tty%d", i + 1);
			if (dev < 0 || symlinkat(target, dev, rel) < 0) fail("tty", "symlink /dev/tty%d", i + 1);
			close(dev);
		} else {
			snprintf(rel, sizeof(rel), "dev/tty%d", i + 1);
			bind_pty(tty_slave_fds[i], rel, own);
		}
	}
}

/* In a user namespace the rootfs is attached while init still has the host uid 0 (whose owner rights
 * reach the container's folder); everything after goes through rootfd, never through host paths. */
void attach_idmapped_rootfs(const struct spec *s)
{
	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0) fail("rootfs", "make / a slave mount");
	if (syscall(SYS_move_mount, s->rootfs_tree, "", AT_FDCWD, s->rootfs, MOVE_MOUNT_F_EMPTY_PATH) < 0)
		fail("rootfs", "attach the idmapped rootfs on %s", s->rootfs);
	close(s->rootfs_tree);
	rootfd = open(s->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0) fail("rootfs", "open %s", s->rootfs);
}

void set_rootfs_fd(int fd)
{
	rootfd = fd;
}

/* A detached rootfs mount attached on the mount point's fd (no host path walked); it becomes the rootfs. */
void attach_rootfs_tree(int tree, int mount_point)
{
	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0) fail("rootfs", "make / a slave mount");
	if (syscall(SYS_move_mount, tree, "", mount_point, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		fail("rootfs", "attach the overlay rootfs");
	close(mount_point);
	rootfd = tree;
}

/* A normal user's container: its console and ttys come from its own devpts, so they belong to its root;
 * the masters go to the monitor on pty_sock, the slaves are bound as with host ptys. */
static void make_own_ptys(const struct spec *s, int *console_slave_fd, int *tty_slave_fds, int pty_sock)
{
	int masters[MAX_PASSED_FDS], n = 0;
	if (!s->autodev) fail("console", "a normal user's container makes its console in its own /dev/pts: it needs lxc.autodev = 1 (or lxc.console.path = none and lxc.tty.max = 0)");
	for (int i = -1; i < s->ttys && n < MAX_PASSED_FDS; i++) {
		if (i < 0 && !s->console) continue;
		int master = openat(rootfd, "dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (master < 0 || unlockpt(master) < 0) fail("console", "open a pty in the container's /dev/pts");
		int slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (slave < 0) fail("console", "open the pty's other end");
		if (i < 0) *console_slave_fd = slave;
		else tty_slave_fds[i] = slave;
		masters[n++] = master;
	}
	if (send_byte_and_fds(pty_sock, 'p', masters, n) < 0) fail("console", "send the console to the monitor");
	for (int i = 0; i < n; i++) close(masters[i]);
	close(pty_sock);
}

void setup_rootfs(const struct spec *s, int *console_slave_fd, int *tty_slave_fds, int pty_sock)
{
	char env_mount[4200];
	snprintf(env_mount, sizeof(env_mount), "LXC_ROOTFS_MOUNT=%s", s->rootfs);
	char *hook_env[] = {env_mount, NULL};
	if (rootfd >= 0) {   /* attached already (user namespace) */
		run_hooks(s, HOOK_PRE_MOUNT, hook_env);
		goto mounts;
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0) fail("rootfs", "make / a slave mount");
	run_hooks(s, HOOK_PRE_MOUNT, hook_env);
	struct stat st;
	if (stat(s->rootfs, &st) < 0 || !S_ISDIR(st.st_mode)) fail("rootfs", "rootfs %s is not a directory", s->rootfs);
	if (s->ovl_upper) {
		char msg[600];
		int tree = overlay_tree(s, msg, sizeof(msg));
		if (tree < 0) fail("rootfs", "%s", msg);
		if (syscall(SYS_move_mount, tree, "", AT_FDCWD, s->rootfs, MOVE_MOUNT_F_EMPTY_PATH) < 0)
			fail("rootfs", "attach the overlay on %s", s->rootfs);
		close(tree);
	} else if (mount(s->rootfs, s->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0) fail("rootfs", "bind %s", s->rootfs);
	rootfd = open(s->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0) fail("rootfs", "open %s", s->rootfs);
mounts:
	if (s->autodev) make_dev(s);
	for (int i = 0; i < s->nmounts; i++) mount_or_fail(&s->mounts[i]);
	if (pty_sock >= 0) make_own_ptys(s, console_slave_fd, tty_slave_fds, pty_sock);
	make_ttys(s, *console_slave_fd, tty_slave_fds, pty_sock >= 0);
	run_hooks(s, HOOK_MOUNT, hook_env);
}

void enter_rootfs(const struct spec *s)
{
	if (fchdir(rootfd) < 0) fail("pivot_root", "chdir %s", s->rootfs);
	if (syscall(SYS_pivot_root, ".", ".") < 0) fail("pivot_root", "pivot_root into %s", s->rootfs);
	if (umount2(".", MNT_DETACH) < 0) fail("pivot_root", "detach the old root");
	if (chdir("/") < 0) fail("pivot_root", "chdir /");
	close(rootfd);
}
