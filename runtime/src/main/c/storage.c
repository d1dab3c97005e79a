/* The rootfs storage the shim mounts itself: an overlay (lxc.rootfs.path = overlay:LOWER:UPPER), made as
 * a detached mount with the new mount API so it is never attached to the host's tree, and the removal of
 * an ephemeral container's folder once it has stopped. */
#include "shim.h"
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
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

/* lxc.ephemeral: the monitor removes the container's folder once init is gone and everything else is
 * done. Never crosses a mount, never follows a symlink. */
void remove_ephemeral(const struct spec *s)
{
	if (!s->ephemeral_dir) return;
	if (nftw(s->ephemeral_dir, remove_entry, 32, FTW_DEPTH | FTW_PHYS | FTW_MOUNT) < 0)
		fprintf(stderr, "glxc-shim: cannot remove the ephemeral container %s: %s\n", s->ephemeral_dir, strerror(errno));
}
