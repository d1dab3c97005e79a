/* The rootfs storage the shim mounts itself: an overlay (lxc.rootfs.path = overlay:LOWER:UPPER), made as
 * a detached mount with the new mount API so it is never attached to the host's tree, and the removal of
 * an ephemeral container's folder once it has stopped. */
#include "shim.h"
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
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

static int make_overlay(const char *lower, const char *upper, const char *work, char *msg, size_t size)
{
	int fs = (int)syscall(SYS_fsopen, "overlay", FSOPEN_CLOEXEC);
	if (fs < 0) { snprintf(msg, size, "open an overlay context (is overlayfs in the kernel?)"); return -1; }
	if (set(fs, "lowerdir", lower) < 0 || set(fs, "upperdir", upper) < 0 || set(fs, "workdir", work) < 0
	    || syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0) {
		int err = errno;
		context_message(fs, msg, size);
		close(fs);
		errno = err;
		return -1;
	}
	int tree = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, 0);
	int err = errno;
	close(fs);
	if (tree < 0) snprintf(msg, size, "mount the overlay (fsmount)");
	errno = err;
	return tree;
}

/* A detached overlay mount of the spec's layers, or -1 with errno set and msg filled. */
int overlay_tree(const struct spec *s, char *msg, size_t size)
{
	return make_overlay(s->ovl_lower, s->ovl_upper, s->ovl_work, msg, size);
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
