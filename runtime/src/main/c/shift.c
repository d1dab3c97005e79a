/* shift mode (the chown fallback, and the removal of such a rootfs): gives the caller's files in a rootfs to the container's root, for a
 * rootfs that is used without an idmapped mount (rootless glxc, whose templates run as the user). The
 * walk runs inside a user namespace whose maps are the container's plus the caller's own id (or, for
 * root, host ids 0..N) at shiftfrom: a chown to 0 there lands on the container's root outside, and file capabilities written
 * again there are stored for that root (v3, rootid), as LXC's templates get under lxc-usernsexec.
 * With remove set, the same namespace removes the tree (the user cannot, outside, in folders its
 * container's root owns), as lxc-destroy does for a user's container. */
#include "shim.h"
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

static long shift_from, shift_count;

/* ids in [shift_from, shift_from + shift_count) move down by shift_from; others stay */
static uid_t shifted_id(long id)
{
	return id >= shift_from && id < shift_from + shift_count ? (uid_t)(id - shift_from) : (uid_t)-1;
}

static int shift_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)type; (void)ftw;
	uid_t uid = shifted_id(st->st_uid);
	gid_t gid = (gid_t)shifted_id(st->st_gid);
	if (uid == (uid_t)-1 && gid == (gid_t)-1) return 0;
	/* everything through one O_PATH descriptor of the entry itself (never a link's target, never a name
	 * looked up again after the check), and the inode it names must still be the one nftw saw */
	int fd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	struct stat now;
	if (fd < 0 || fstat(fd, &now) < 0 || now.st_ino != st->st_ino || now.st_dev != st->st_dev) fail("shift", "%s changed during the walk", path);
	char proc[64], caps[128];
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	ssize_t ncaps = S_ISREG(st->st_mode) ? getxattr(proc, "security.capability", caps, sizeof(caps)) : -1;
	if (fchownat(fd, "", uid, gid, AT_EMPTY_PATH) < 0) fail("shift", "chown %s", path);
	/* chown drops setuid/setgid bits and file capabilities: put them back */
	if (!S_ISLNK(st->st_mode) && (st->st_mode & 06000) && chmod(proc, st->st_mode & 07777) < 0) fail("shift", "chmod %s", path);
	if (ncaps > 0 && setxattr(proc, "security.capability", caps, (size_t)ncaps, 0) < 0) fail("shift", "restore the capabilities of %s", path);
	close(fd);
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st; (void)ftw;
	if ((type == FTW_DP ? rmdir(path) : unlink(path)) < 0 && errno != ENOENT) fail("remove", "remove %s", path);
	return 0;
}

int run_shift(struct spec *s)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) return report_error(s, "sync", errno, "socketpair"), 1;
	pid_t pid = (pid_t)syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
	if (pid < 0) return report_error(s, "clone", errno, "clone into a user namespace"), 1;
	if (pid == 0) {
		close(sv[0]);
		sync_fd = sv[1];
		prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		char go;
		if (read(sync_fd, &go, 1) != 1) _exit(126);
		if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0) fail("idmap", "become root in the user namespace");
		prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);   /* the uid change cleared it */
		shift_from = s->shift_from;
		shift_count = s->shift_count > 0 ? s->shift_count : 1;
		if (s->shift_remove) {
			if (nftw(s->rootfs, remove_entry, 64, FTW_DEPTH | FTW_PHYS | FTW_MOUNT) != 0 && errno != ENOENT) fail("remove", "walk %s", s->rootfs);
		} else if (nftw(s->rootfs, shift_entry, 64, FTW_PHYS | FTW_MOUNT) != 0) {
			fail("shift", "walk %s", s->rootfs);
		}
		_exit(0);
	}
	close(sv[1]);
	int status;
	if (write_id_maps(s, pid) < 0 || write(sv[0], "g", 1) != 1 || relay_child_error(s, sv[0]) < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return 1;
	}
	close(sv[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return report_error(s, "shift", 0, "the walk did not finish"), 1;
	return 0;
}
