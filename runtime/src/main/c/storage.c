/* The rootfs storage the shim mounts itself: an overlay (lxc.rootfs.path = overlay:LOWER:UPPER), made as
 * a detached mount with the new mount API so it is never attached to the host's tree, and the removal of
 * an ephemeral container's folder once it has stopped. */
#include "shim.h"
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <ftw.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

/* The kernel explains a refused overlay in the fs context's log ("e overlay: ..."); keep the first line. */
static void context_message(int fs, char *out, size_t size)
{
	char buf[512];
	ssize_t n = read(fs, buf, sizeof(buf) - 1);
	if (n <= 2) { snprintf(out, size, "mount the overlay"); return; }
	buf[n] = 0;
	char *nl = strchr(buf, '\n');
	if (nl) *nl = 0;
	snprintf(out, size, "mount the overlay (%s)", buf + 2);
}

static int set(int fs, const char *key, const char *value)
{
	return (int)syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, key, value, 0);
}

/* fsconfig takes at most 256 bytes per value, so a deep stack's lowerdir would not fit: each layer is
 * added on its own with "lowerdir+" (Linux 6.8). An older kernel gets one colon-separated value of the
 * layers' short /proc/self/fd/N names (about 20 bytes each); fds holds them open until the mount is made.
 * Returns 0, or -1 with errno set. */
/* lowerdir+ came with Linux 6.8; before 6.5 overlayfs took any key at fsconfig time and failed only at
 * the mount, so the choice is made by version, not by trying. */
static int has_lowerdir_plus(void)
{
	struct utsname u;
	int major = 0, minor = 0;
	if (uname(&u) < 0 || sscanf(u.release, "%d.%d", &major, &minor) != 2) return 0;
	return major > 6 || (major == 6 && minor >= 8);
}

static int set_lowers(int fs, const char *lower, int *fds, int *nfds)
{
	char *copy = strdup(lower), *save = NULL;
	if (!copy) return -1;
	int rc = 0, plus = has_lowerdir_plus();
	*nfds = 0;
	for (char *p = strtok_r(copy, ":", &save); p; p = strtok_r(NULL, ":", &save)) {
		if (plus) {
			if (set(fs, "lowerdir+", p) == 0) continue;
			rc = -1;
			break;
		}
		char names[256] = "", one[32];
		free(copy);
		copy = strdup(lower);
		save = NULL;
		for (char *q = copy ? strtok_r(copy, ":", &save) : NULL; q; q = strtok_r(NULL, ":", &save)) {
			if (*nfds == MAX_PASSED_FDS || (fds[*nfds] = open(q, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) { rc = -1; goto done; }
			snprintf(one, sizeof(one), "%s/proc/self/fd/%d", *nfds ? ":" : "", fds[*nfds]);
			(*nfds)++;
			if (strlen(names) + strlen(one) >= sizeof(names)) { errno = E2BIG; rc = -1; goto done; }
			strcat(names, one);
		}
		rc = set(fs, "lowerdir", names);
		break;
	}
done:
	free(copy);
	return rc;
}

/* userxattr: in a user namespace overlayfs keeps its markers in user.overlay.* (trusted.* needs host root). */
static int make_overlay(const char *lower, const char *upper, const char *work, int userxattr, char *msg, size_t size)
{
	int fs = (int)syscall(SYS_fsopen, "overlay", FSOPEN_CLOEXEC);
	if (fs < 0) { snprintf(msg, size, "open an overlay context (is overlayfs in the kernel?)"); return -1; }
	int lower_fds[MAX_PASSED_FDS], nlower = 0;
	int lowers_set = set_lowers(fs, lower, lower_fds, &nlower);
	int failed = lowers_set < 0 || set(fs, "upperdir", upper) < 0 || set(fs, "workdir", work) < 0
	    || (userxattr && syscall(SYS_fsconfig, fs, FSCONFIG_SET_FLAG, "userxattr", NULL, 0) < 0)
	    || syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0;
	int err = errno;
	for (int i = 0; i < nlower; i++) close(lower_fds[i]);
	if (failed) {
		context_message(fs, msg, size);
		close(fs);
		errno = err;
		return -1;
	}
	int tree = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, 0);
	err = errno;
	close(fs);
	if (tree < 0) snprintf(msg, size, "mount the overlay (fsmount)");
	errno = err;
	return tree;
}

/* A detached overlay mount of the spec's layers, or -1 with errno set and msg filled. */
int overlay_tree(const struct spec *s, char *msg, size_t size)
{
	return make_overlay(s->ovl_lower, s->ovl_upper, s->ovl_work, (s->nsflags & CLONE_NEWUSER) != 0, msg, size);
}

/* Init, root of its user namespace, mounts the overlay over the idmapped layers the monitor sent
 * (idmapped_layers: mount point, upper's folder, lowers). overlayfs takes private clones of its layers,
 * which it may only make of mounts in the mounter's own namespace: the layers are first attached under a
 * scratch tmpfs on the mount point, the overlay made from them, the scratch detached, the overlay attached. */
void attach_idmapped_overlay(const struct spec *s, const int *fds, int n)
{
	char lower[MAX_PASSED_FDS * 48] = "", upper[4400], work[4400], msg[600], name[16];
	int fs = (int)syscall(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC);
	if (fs < 0 || syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0) fail("rootfs", "make a scratch tmpfs for the overlay's layers");
	int scratch = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, 0);
	close(fs);
	if (scratch < 0 || syscall(SYS_move_mount, scratch, "", fds[0], "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		fail("rootfs", "attach the scratch tmpfs");
	size_t used = 0;
	for (int i = 1; i < n; i++) {
		snprintf(name, sizeof(name), "%d", i);
		if (mkdirat(scratch, name, 0700) < 0) fail("rootfs", "make a scratch folder");
		if (syscall(SYS_move_mount, fds[i], "", scratch, name, MOVE_MOUNT_F_EMPTY_PATH) < 0) fail("rootfs", "attach the overlay layer %d", i);
		close(fds[i]);
		if (i >= 2) used += (size_t)snprintf(lower + used, sizeof(lower) - used, "%s/proc/self/fd/%d/%d", i > 2 ? ":" : "", scratch, i);
	}
	const char *up = strrchr(s->ovl_upper, '/'), *wk = strrchr(s->ovl_work, '/');
	snprintf(upper, sizeof(upper), "/proc/self/fd/%d/1%s", scratch, up ? up : "");
	snprintf(work, sizeof(work), "/proc/self/fd/%d/1%s", scratch, wk ? wk : "");
	int tree = make_overlay(lower, upper, work, 1, msg, sizeof(msg));
	if (tree < 0) fail("rootfs", "%s", msg);
	char scratch_path[64];
	snprintf(scratch_path, sizeof(scratch_path), "/proc/self/fd/%d", scratch);
	if (umount2(scratch_path, MNT_DETACH) < 0) fail("rootfs", "detach the scratch tmpfs");
	close(scratch);
	attach_rootfs_tree(tree, fds[0]);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)ftw;
	if ((flag == FTW_DP ? rmdir(path) : unlink(path)) < 0 && errno != ENOENT) return -1;
	return 0;
}

/* lxc.ephemeral: once init is gone and the stop hooks have run, the monitor moves the container's folder
 * out of sight in one rename (so no glxc command can find it half-removed, and none can start it again
 * meanwhile), then removes it, never crossing a mount or following a symlink. What it cannot remove (a
 * btrfs subvolume) the next listing of the store removes: the hidden name says its remover is gone.
 * Returns 0 when the folder was moved away, -1 when it is still there (not ephemeral, or the rename failed). */
int remove_ephemeral(const struct spec *s)
{
	if (!s->ephemeral_dir) return -1;
	char hidden[4300], *slash = strrchr(s->ephemeral_dir, '/');
	if (!slash) return -1;
	pid_t self = getpid();
	snprintf(hidden, sizeof(hidden), "%.*s/.glxc-new-gone-%s.%d.%llu.ephemeral", (int)(slash - s->ephemeral_dir), s->ephemeral_dir,
		 slash + 1, (int)self, proc_start_time(self));
	if (syscall(SYS_renameat2, AT_FDCWD, s->ephemeral_dir, AT_FDCWD, hidden, RENAME_NOREPLACE) < 0) {
		fprintf(stderr, "glxc-shim: cannot remove the ephemeral container %s: %s\n", s->ephemeral_dir, strerror(errno));
		return -1;
	}
	nftw(hidden, remove_entry, 32, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
	return 0;
}
