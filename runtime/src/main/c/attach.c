/* attach: join a running container's namespaces (one setns on a pidfd) and cgroups, then exec.
 * The shim stays as the parent of the command to forward signals and return its status. */
#include "shim.h"
#include <linux/mount.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <termios.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void copy_winsize(int from, int to)
{
	struct winsize ws;
	if (ioctl(from, TIOCGWINSZ, &ws) == 0) ioctl(to, TIOCSWINSZ, &ws);
}

/* Waits for the command, forwarding signals; with a pty, also moves bytes between the terminal and
 * the pty (the terminal raw, so ^C and friends reach the container as bytes) and passes on resizes. */
/* Whether the bytes typed hold the escape: the key itself, or ~. at the start of a line (as ssh reads it). */
static int escaped(const char *buf, ssize_t n, int key, int *line_start, int *tilde)
{
	for (ssize_t i = 0; i < n; i++) {
		char ch = buf[i];
		if (key && ch == (char)key) return 1;
		if (*tilde && ch == '.') return 1;
		*tilde = *line_start && ch == '~';
		*line_start = ch == '\r' || ch == '\n';
	}
	return 0;
}

static int wait_forwarding(pid_t child, int master, int escape)
{
	sigset_t set = handled_signals();
	int sigfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sigfd < 0) die("signalfd: %s", strerror(errno));
	struct termios saved;
	int raw = master >= 0 && tcgetattr(0, &saved) == 0;
	if (raw) {
		struct termios t = saved;
		cfmakeraw(&t);
		tcsetattr(0, TCSANOW, &t);
	}
	int stdin_open = master >= 0, status = 0, done = 0, line_start = 1, tilde = 0, left = 0;
	while (!done) {
		struct pollfd fds[3] = {{sigfd, POLLIN, 0}, {master, POLLIN, 0}, {stdin_open ? 0 : -1, POLLIN, 0}};
		int ready = poll(fds, 3, left ? 1000 : -1);
		if (ready == 0 && left) { kill(child, SIGKILL); continue; }   /* a shell that ignores the hang-up */
		if (ready < 0) continue;
		char buf[4096];
		if (fds[1].revents & POLLIN) {
			ssize_t n = read(master, buf, sizeof(buf));
			if (n > 0 && write(1, buf, (size_t)n) < 0) {}
		}
		if (fds[2].revents & (POLLIN | POLLHUP)) {
			ssize_t n = read(0, buf, sizeof(buf));
			if (n <= 0) stdin_open = 0;
			else if (escape && escaped(buf, n, escape, &line_start, &tilde)) {
				kill(child, SIGHUP);   /* as a terminal hang-up: the shell ends, and we return */
				stdin_open = 0;
				left = 1;
			} else if (write(master, buf, (size_t)n) < 0) {}
		}
		if (!(fds[0].revents & POLLIN)) continue;
		struct signalfd_siginfo si;
		if (read(sigfd, &si, sizeof(si)) != sizeof(si)) continue;
		if (si.ssi_signo == SIGWINCH && master >= 0) { copy_winsize(0, master); continue; }
		if (si.ssi_signo != SIGCHLD) { kill(child, (int)si.ssi_signo); continue; }
		pid_t pid;
		int st;
		while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
			if (pid == child) { status = st; done = 1; }
	}
	if (master >= 0) {   /* what the command wrote last */
		char buf[4096];
		ssize_t n;
		fcntl(master, F_SETFL, O_NONBLOCK);
		while ((n = read(master, buf, sizeof(buf))) > 0)
			if (write(1, buf, (size_t)n) < 0) break;
	}
	if (raw) tcsetattr(0, TCSANOW, &saved);
	if (left) return 0;   /* the user left on purpose */
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* A terminal on both ends gets a pty from the container's own devpts, as lxc-attach does. */
static int open_container_pty(int *slave)
{
	if (!isatty(0) || !isatty(1)) return -1;
	/* the container owns /dev/ptmx: non-blocking so a FIFO cannot hang us, TIOCGPTN proves it is a pty master */
	int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	if (master < 0) return -1;
	int n;
	if (ioctl(master, TIOCGPTN, &n) < 0 || grantpt(master) < 0 || unlockpt(master) < 0
	    || (*slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0) {
		close(master);
		return -1;
	}
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) & ~O_NONBLOCK);
	copy_winsize(0, master);
	return master;
}

/* Inside the container's namespaces (its root is ours now, so paths cannot lead out): bind the host's
 * device node at the target (a bind works in a user namespace, where mknod does not), or remove it. */
static void device_step(const struct spec *s, int device)
{
	if (s->devremove) {
		if (umount2(s->devtarget, MNT_DETACH) < 0 && errno != EINVAL) fail("device", "unmount %s", s->devtarget);
		if (unlink(s->devtarget) < 0 && errno != ENOENT) fail("device", "remove %s", s->devtarget);
		_exit(0);
	}
	if ((s->nsflags & CLONE_NEWUSER) && (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0))
		fail("device", "become root of the container's user namespace");
	char parent[4096];   /* its folders, as lxc-device makes them (/dev/dri, /dev/net, /dev/bus/usb/...) */
	snprintf(parent, sizeof(parent), "%s", s->devtarget);
	for (char *p = parent + 1; *p; p++) {
		if (*p != '/') continue;
		*p = 0;
		if (mkdir(parent, 0755) < 0 && errno != EEXIST) fail("device", "create %s", parent);
		*p = '/';
	}
	int fd = open(s->devtarget, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) fail("device", "create %s (it must not exist)", s->devtarget);
	close(fd);
	if (syscall(SYS_move_mount, device, "", AT_FDCWD, s->devtarget, MOVE_MOUNT_F_EMPTY_PATH) < 0) {
		int err = errno;
		unlink(s->devtarget);
		errno = err;
		fail("device", "bind the device node at %s", s->devtarget);
	}
	_exit(0);
}

int run_attach(struct spec *s)
{
	/* A process in the container must not be able to ptrace us once we join it (CVE-2016-9962). */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	pin_report_dir(s->report);
	int pidfd = (int)syscall(SYS_pidfd_open, s->initpid, 0);
	if (pidfd < 0 || proc_start_time(s->initpid) != s->initstart) {
		report_error(s, "attach", ESRCH, "the container's init is gone");
		return 1;
	}
	if (join_cgroups(s, 0) < 0) return 1;
	int device = -1;   /* glxc device add: the host's node, as a detached mount to attach inside */
	if (s->devsrc && (device = (int)syscall(SYS_open_tree, AT_FDCWD, s->devsrc, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_SYMLINK_NOFOLLOW)) < 0) {
		report_error(s, "device", errno, "take the host's device node (open_tree)");
		return 1;
	}
	if (setns(pidfd, s->nsflags) < 0) { report_error(s, "setns", errno, "join the container's namespaces"); return 1; }
	close(pidfd);
	sigset_t set = handled_signals();
	sigprocmask(SIG_BLOCK, &set, NULL);
	int slave = -1;
	int master = (s->nsflags & CLONE_NEWNS) ? open_container_pty(&slave) : -1;
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) { report_error(s, "sync", errno, "socketpair"); return 1; }
	pid_t pid = fork();
	if (pid < 0) { report_error(s, "fork", errno, "fork into the pid namespace"); return 1; }
	if (pid == 0) {
		close(sv[0]);
		unpin_report_dir();
		sync_fd = sv[1];
		if (s->devtarget) device_step(s, device);   /* before the fds are renumbered and closed below */
		setsid();   /* never in the caller's process group: signals come once, forwarded by the shim */
		if (slave >= 0) {
			if (ioctl(slave, TIOCSCTTY, 0) < 0) _exit(126);
			for (int fd = 0; fd < 3; fd++) dup2(slave, fd);
			close(slave);
		}
		if (dup3(sv[1], 3, O_CLOEXEC) < 0) _exit(126);
		sync_fd = 3;
		close_fds_from(4);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		exec_command(s);
	}
	close(sv[1]);
	if (slave >= 0) close(slave);
	else setpgid(0, 0);   /* without a pty the terminal's ^C reaches only glxc, which forwards it */
	if (relay_child_error(s, sv[0]) < 0) {
		waitpid(pid, NULL, 0);
		return 1;
	}
	close(sv[0]);
	return wait_forwarding(pid, master, s->escape);
}
