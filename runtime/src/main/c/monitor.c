/* start and execute: clone the container's init, then stay behind as its monitor.
 * The monitor is the parent of init: it records the run state, proxies or logs the console,
 * waits for init, removes the cgroups and writes the exit status. No JVM stays running. */
#include "shim.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <linux/magic.h>
#include <linux/sched.h>
#include <sys/ioctl.h>
#include <sys/statfs.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

/* deferred: a normal user's container makes its ptys in its own devpts (host devpts would give them to
 * the user, whom the container cannot map) and sends the masters back on sock[0] (sock[1] is init's end) */
struct ptys { int console_master, console_slave, *tty_master, *tty_slave; int deferred, sock[2]; };

static const int forwarded[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGPWR, SIGCONT};

sigset_t handled_signals(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(*forwarded); i++) sigaddset(&set, forwarded[i]);
	return set;
}

/* The run file is an append-only journal (one create, then appends, never a rename over it: on ext4 a
 * replacing rename forces a data flush that costs about a millisecond). Readers take the last complete
 * value of each key. */
static int run_fd = -1;

static void write_run_state(const struct spec *s, const char *phase, pid_t init)
{
	char buf[512];
	int n;
	if (run_fd < 0) {   /* the first record appears whole (rename of a new file), later ones are appended */
		snprintf(buf, sizeof(buf), "mode\t%s\nmonitor\t%d\t%llu\nstarted\t%lld\nphase\t%s\ninit\t%d\t%llu\n",
			 s->mode == MODE_EXECUTE ? "execute" : "start", getpid(), proc_start_time(getpid()), now_ms(), phase,
			 init, init > 0 ? proc_start_time(init) : 0ULL);
		if (write_file_atomic(s->runfile, buf) < 0 || (run_fd = open(s->runfile, O_WRONLY | O_APPEND | O_CLOEXEC)) < 0)
			dprintf(2, "glxc-shim: write %s: %s\n", s->runfile, strerror(errno));
		return;
	} else {
		n = snprintf(buf, sizeof(buf), "phase\t%s\ninit\t%d\t%llu\n", phase, init, init > 0 ? proc_start_time(init) : 0ULL);
	}
	if (write(run_fd, buf, (size_t)n) != n) dprintf(2, "glxc-shim: write %s: %s\n", s->runfile, strerror(errno));
}

static void write_exit_state(const struct spec *s, int status)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "status\t%d\nexitcode\t%d\nsignal\t%d\nstopped\t%lld\n", status,
		 WIFEXITED(status) ? WEXITSTATUS(status) : -1, WIFSIGNALED(status) ? WTERMSIG(status) : 0, now_ms());
	write_file_atomic(s->exitfile, buf);
}

/* Removes a cgroup folder and any cgroups the container made inside it, deepest first. */
static int remove_cgroup_tree(const char *path)
{
	DIR *d = opendir(path);
	if (d) {
		struct dirent *e;
		char child[4200];
		while ((e = readdir(d)))
			if (e->d_type == DT_DIR && strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
				snprintf(child, sizeof(child), "%s/%s", path, e->d_name);
				remove_cgroup_tree(child);
			}
		closedir(d);
	}
	return rmdir(path);
}

/* After init dies the kernel kills the rest of its pid namespace; the cgroups empty a moment later. */
static void remove_cgroups(const struct spec *s)
{
	for (int i = 0; i < s->ncgroups; i++) {
		useconds_t pause = 50;
		for (int waited = 0; waited < 2000000; waited += (int)pause, pause = pause < 20000 ? pause * 2 : pause) {
			if (remove_cgroup_tree(s->cgroups[i]) == 0 || errno == ENOENT) break;
			if (errno != EBUSY) { dprintf(2, "glxc-shim: rmdir %s: %s\n", s->cgroups[i], strerror(errno)); break; }
			usleep(pause);
		}
	}
}

static int open_pty(int *master, int *slave)
{
	*master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (*master < 0 || grantpt(*master) < 0 || unlockpt(*master) < 0) return -1;
	*slave = ioctl(*master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	return *slave < 0 ? -1 : 0;
}

static int open_ptys(const struct spec *s, struct ptys *p)
{
	p->console_master = p->console_slave = -1;
	p->tty_master = calloc((size_t)s->ttys + 1, sizeof(int));
	p->tty_slave = calloc((size_t)s->ttys + 1, sizeof(int));
	p->deferred = 0;
	if ((s->nsflags & CLONE_NEWUSER) && geteuid() != 0) {
		p->deferred = 1;
		for (int i = 0; i < s->ttys; i++) p->tty_master[i] = p->tty_slave[i] = -1;
		if (!s->console && !s->ttys) p->deferred = 0;
		return 0;
	}
	char msg[64] = "allocate the console pty";
	if (s->console && open_pty(&p->console_master, &p->console_slave) < 0) return report_error(s, "console", errno, msg), -1;
	for (int i = 0; i < s->ttys; i++) {
		snprintf(msg, sizeof(msg), "allocate a pty for tty%d", i + 1);
		if (open_pty(&p->tty_master[i], &p->tty_slave[i]) < 0) return report_error(s, "tty", errno, msg), -1;
	}
	/* a user-namespaced init opens its console as its own root, as LXC shifts its ttys (host root would be nobody there) */
	if (s->nsflags & CLONE_NEWUSER) {
		uid_t uid = (uid_t)mapped_id(s->uidmap, 0);
		gid_t gid = (gid_t)mapped_id(s->gidmap, 0);
		if (p->console_slave >= 0 && fchown(p->console_slave, uid, gid) < 0) return report_error(s, "console", errno, "give the console pty to the container's root"), -1;
		for (int i = 0; i < s->ttys; i++)
			if (fchown(p->tty_slave[i], uid, gid) < 0) return report_error(s, "tty", errno, "give a tty's pty to the container's root"), -1;
	}
	return 0;
}

/* PID 1 of an application container: forward signals, reap zombies, exit with the command's status. */
static void be_init(const struct spec *s)
{
	sigset_t set = handled_signals();
	setsid();
	pid_t cmd = fork();
	if (cmd < 0) fail("exec", "fork the command");
	if (cmd == 0) {
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		exec_command(s);
	}
	close(sync_fd);
	prctl(PR_SET_NAME, "glxc-init", 0, 0, 0);
	for (;;) {
		siginfo_t info;
		int sig = sigwaitinfo(&set, &info);
		if (sig < 0) continue;
		if (sig != SIGCHLD) { kill(cmd, sig); continue; }
		int status;
		pid_t pid;
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
			if (pid == cmd) _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	}
}

static void container_child(const struct spec *s, struct ptys *p)
{
	/* nothing of the monitor's (run file, console log, notify pipe, pty masters) may reach the container */
	int keep[70], n = 0;
	keep[n++] = sync_fd;
	keep[n++] = p->console_slave;
	keep[n++] = p->deferred ? p->sock[1] : -1;
	keep[n++] = rootfs_fd_of_init();
	for (int i = 0; i < s->ttys && n < 68; i++) keep[n++] = p->tty_slave[i];
	close_fds_except(keep, n);
	if ((s->nsflags & CLONE_NEWCGROUP) && unshare(CLONE_NEWCGROUP) < 0) fail("cgroup", "unshare cgroup namespace");
	setup_hostname_and_loopback(s);
	setup_rootfs(s, &p->console_slave, p->tty_slave, p->deferred ? p->sock[1] : -1);
	enter_rootfs(s);
	run_hooks(s, HOOK_START, NULL);
	if (p->console_slave >= 0) {
		setsid();
		if (ioctl(p->console_slave, TIOCSCTTY, 0) < 0) fail("console", "make the console the controlling tty");
		for (int fd = 0; fd < 3; fd++) dup2(p->console_slave, fd);
	} else if (s->mode == MODE_START && !s->foreground) {
		int null = open("/dev/null", O_RDWR);
		if (null < 0) fail("console", "open /dev/null");
		for (int fd = 0; fd < 3; fd++) dup2(null, fd);
	}
	if (dup3(sync_fd, 3, O_CLOEXEC) < 0) fail("exec", "dup sync fd");
	sync_fd = 3;
	close_fds_from(4);
	if (s->mode == MODE_EXECUTE) be_init(s);
	sigset_t set = handled_signals();
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	exec_command(s);
}

/* clone3 with CLONE_INTO_CGROUP places init in its cgroup v2 folder atomically (the kernel's way; v1
 * has no equivalent, so v1 folders are joined by pid after). Falls back to clone where clone3 or the
 * flag is missing. *v2 is set to the index of the cgroup joined that way, or -1. */
static pid_t clone_into_cgroup(const struct spec *s, int *v2)
{
	/* a shifted rootfs: init makes its mount namespace itself, from inside the rootfs (see enter_shifted_rootfs) */
	unsigned long flags = (unsigned long)(s->nsflags & ~CLONE_NEWCGROUP & (s->shifted ? ~CLONE_NEWNS : ~0));
	for (int i = 0; i < s->ncgroups; i++) {
		struct statfs fs;
		if (statfs(s->cgroups[i], &fs) < 0 || fs.f_type != CGROUP2_SUPER_MAGIC) continue;
		int fd = open(s->cgroups[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0) break;
		struct clone_args args = {.flags = flags | CLONE_INTO_CGROUP, .exit_signal = SIGCHLD, .cgroup = (uint64_t)fd};
		pid_t pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
		int err = errno;
		close(fd);
		if (pid >= 0) {
			*v2 = i;
			return pid;
		}
		if (err != ENOSYS && err != EINVAL && err != E2BIG) { errno = err; return -1; }
		break;
	}
	return (pid_t)syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
}

/* A prepared network namespace is joined by the monitor just for the clone, so init is born in it (a
 * child in a new user namespace could no longer join a namespace the host owns). */
static pid_t clone_init(const struct spec *s, int *v2)
{
	static int host_netns = -1;
	if (s->netns_fd < 0) return clone_into_cgroup(s, v2);
	if (host_netns < 0 && (host_netns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)) < 0) return -1;
	if (setns(s->netns_fd, CLONE_NEWNET) < 0) return -1;
	pid_t pid = clone_into_cgroup(s, v2);
	int err = errno;
	if (pid != 0 && setns(host_netns, CLONE_NEWNET) < 0) die("return to the host network namespace: %s", strerror(errno));
	errno = err;
	return pid;
}

/* Clones init into its namespaces and cgroups; returns its pid, or -1 with the report written. */
/* The masters init made in its devpts: the console's first, then tty1..N. */
static int receive_masters(const struct spec *s, struct ptys *p)
{
	int fds[MAX_PASSED_FDS], n = 0, want = (s->console ? 1 : 0) + s->ttys;
	if (receive_byte_and_fds(p->sock[0], fds, &n) < 0 || n != want) {
		for (int i = 0; i < n; i++) close(fds[i]);
		return -1;   /* init failed first: its report follows on the sync socket */
	}
	int k = 0;
	if (s->console) { if (p->console_master >= 0) close(p->console_master); p->console_master = fds[k++]; }
	for (int i = 0; i < s->ttys; i++) { if (p->tty_master[i] >= 0) close(p->tty_master[i]); p->tty_master[i] = fds[k++]; }
	return 0;
}

static pid_t spawn_init(const struct spec *s, struct ptys *p)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) { report_error(s, "sync", errno, "socketpair"); return -1; }
	if (p->deferred && socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, p->sock) < 0) { report_error(s, "console", errno, "socketpair"); close(sv[0]); close(sv[1]); return -1; }
	int v2 = -1;
	pid_t pid = clone_init(s, &v2);
	if (pid < 0) { report_error(s, "clone", errno, "clone the container's init"); close(sv[0]); close(sv[1]); return -1; }
	if (pid == 0) {
		close(sv[0]);
		sync_fd = sv[1];
		prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		char go;
		if (s->nsflags & CLONE_NEWUSER) {
			int fds[MAX_PASSED_FDS], n;
			if (receive_byte_and_fds(sync_fd, fds, &n) < 0 || n < 1) _exit(126);
			if (s->shifted) {
				((struct spec *)s)->rootfs_tree = fds[0];   /* the rootfs folder, opened by the monitor */
			} else if (!s->ovl_upper) {
				((struct spec *)s)->rootfs_tree = fds[0];
				attach_idmapped_rootfs(s);
			} else {   /* the mount point as this namespace sees it, opened while the host uid's owner rights reach it */
				close(fds[0]);
				if ((fds[0] = open(s->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) fail("rootfs", "open the mount point %s", s->rootfs);
			}
			/* root inside: the uid the maps give to 0 (no capability is lost: this is the namespace's owner) */
			if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0) fail("idmap", "become root in the user namespace");
			prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);   /* the uid change cleared it */
			/* an overlay is mounted by root of the namespace: its work folder is made with ids the layers map */
			if (s->shifted) enter_shifted_rootfs(s);
			else if (s->ovl_upper) attach_idmapped_overlay(s, fds, n);
		} else if (read(sync_fd, &go, 1) != 1) _exit(126);
		container_child(s, p);
	}
	close(sv[1]);
	if (p->deferred) close(p->sock[1]);
	if (join_cgroups_except(s, pid, v2) < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		close(sv[0]);
		if (p->deferred) close(p->sock[0]);
		return -1;
	}
	int woken;
	if (s->nsflags & CLONE_NEWUSER) {
		int fds[MAX_PASSED_FDS], n = 0;
		if (write_id_maps(s, pid) < 0
		    || (s->shifted ? (fds[0] = open_rootfs_folder(s)) < 0 || !(n = 1)
			: s->ovl_upper ? (n = idmapped_layers(s, pid, fds)) < 0 : (fds[0] = idmapped_rootfs(s, pid)) < 0 || !(n = 1))
		    || await_network(s, pid) < 0) {
			for (int i = 0; i < n; i++) close(fds[i]);
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			close(sv[0]);
			if (p->deferred) close(p->sock[0]);
			return -1;
		}
		woken = send_byte_and_fds(sv[0], 'g', fds, n) == 0 ? 1 : -1;
		for (int i = 0; i < n; i++) close(fds[i]);
	} else {
		woken = (int)write(sv[0], "g", 1);
	}
	if (woken != 1) {
		report_error(s, "sync", errno, "wake init");
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		close(sv[0]);
		if (p->deferred) close(p->sock[0]);
		return -1;
	}
	int got_masters = p->deferred ? receive_masters(s, p) : 0;
	if (p->deferred) close(p->sock[0]);
	int relayed = relay_child_error(s, sv[0]);
	if (relayed == 0 && got_masters < 0) report_error(s, "console", 0, "init sent no console ptys");
	if (relayed < 0 || got_masters < 0) {
		close(sv[0]);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -1;
	}
	close(sv[0]);
	return pid;
}

/* The pty master of tty k: 0 is the console, 1..N the lxc.tty.max ttys. */
static int master_of(const struct ptys *p, int k)
{
	return k == 0 ? p->console_master : p->tty_master[k - 1];
}

static void copy_fd(int from, int to)
{
	char buf[4096];
	ssize_t n = read(from, buf, sizeof(buf));
	if (n > 0 && to >= 0 && write(to, buf, (size_t)n) < 0) {}
}

/* Waits for init while forwarding signals and moving console bytes; returns init's wait status.
 * The tty masters are drained too (nobody reads them yet): a getty writing its prompt into a full
 * pty would block, and busybox init with it. */
static int supervise(const struct spec *s, pid_t init, int sigfd, const struct ptys *p, int log_fd, int listen_fd, int *clients)
{
	int stdin_open = s->foreground && p->console_master >= 0;
	int ntty = s->ttys, n = 4 + 2 * (ntty + 1);
	struct pollfd *fds = calloc((size_t)n, sizeof(*fds));
	int status = -1;
	while (status < 0) {
		/* fds: signals, stdin, the console socket, then per tty k (0 = console): its master, its client */
		fds[0] = (struct pollfd){sigfd, POLLIN, 0};
		fds[1] = (struct pollfd){stdin_open ? 0 : -1, POLLIN, 0};
		fds[2] = (struct pollfd){listen_fd, POLLIN, 0};
		for (int k = 0; k <= ntty; k++) {
			fds[4 + 2 * k] = (struct pollfd){master_of(p, k), POLLIN, 0};
			fds[5 + 2 * k] = (struct pollfd){clients[k], POLLIN, 0};
		}
		if (poll(fds, (nfds_t)n, -1) < 0 && errno != EINTR) break;
		for (int k = 0; k <= ntty; k++) {
			if (fds[4 + 2 * k].revents & POLLIN) {
				int to = clients[k] >= 0 ? clients[k] : k == 0 ? (s->foreground ? 1 : log_fd) : -1;
				copy_fd(master_of(p, k), to);
			}
			if (clients[k] >= 0 && (fds[5 + 2 * k].revents & (POLLIN | POLLHUP | POLLERR))) {
				char buf[4096];
				ssize_t r = read(clients[k], buf, sizeof(buf));
				if (r <= 0) { close(clients[k]); clients[k] = -1; }
				else if (write(master_of(p, k), buf, (size_t)r) < 0) {}
			}
		}
		if (fds[2].revents & POLLIN) console_accept(listen_fd, clients, ntty, p->console_master >= 0 && !s->foreground);
		if (fds[1].revents & (POLLIN | POLLHUP)) {
			char buf[4096];
			ssize_t r = read(0, buf, sizeof(buf));
			if (r <= 0) stdin_open = 0;
			else if (write(p->console_master, buf, (size_t)r) < 0) {}
		}
		if (!(fds[0].revents & POLLIN)) continue;
		struct signalfd_siginfo si;
		if (read(sigfd, &si, sizeof(si)) != sizeof(si)) continue;
		if (si.ssi_signo == SIGCHLD) {
			int st;
			pid_t pid;
			while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
				if (pid == init) status = st;
			continue;
		}
		int sig = (int)si.ssi_signo;
		if (sig == SIGWINCH) {   /* a resize is the console's business, not init's (systemd reads SIGWINCH as a key) */
			struct winsize ws;
			if (p->console_master >= 0 && s->foreground && ioctl(0, TIOCGWINSZ, &ws) == 0) ioctl(p->console_master, TIOCSWINSZ, &ws);
			if (s->mode == MODE_START) continue;
		}
		if (s->mode == MODE_START && (sig == SIGTERM || sig == SIGINT || sig == SIGHUP)) sig = s->sighalt;
		kill(init, sig);
	}
	free(fds);
	if (status < 0) waitpid(init, &status, 0);
	return status;
}

static void finish(const struct spec *s, int status)
{
	write_run_state(s, "STOPPING", 0);
	run_hooks(s, HOOK_STOP, NULL);
	remove_cgroups(s);
	run_hooks(s, HOOK_POST_STOP, NULL);
	if (remove_ephemeral(s) == 0) return;   /* the folder, state files and all, is gone */
	write_exit_state(s, status);
	unlink(s->runfile);
	if (s->stoppingfile) unlink(s->stoppingfile);
}

/* Undo, then tell the waiting launcher: whoever reads the report next must find the container STOPPED. */
static int abort_start(const struct spec *s, int notify_fd)
{
	write_run_state(s, "ABORTING", 0);
	remove_cgroups(s);
	unlink(s->runfile);
	if (notify_fd >= 0 && write(notify_fd, "1", 1) < 0) {}
	return 1;
}

static struct termios saved_tty;
static int tty_raw;

static void make_stdin_raw(void)
{
	if (!isatty(0) || tcgetattr(0, &saved_tty) < 0) return;
	struct termios raw = saved_tty;
	cfmakeraw(&raw);
	if (tcsetattr(0, TCSANOW, &raw) == 0) tty_raw = 1;
}

static void restore_stdin(void) { if (tty_raw) tcsetattr(0, TCSANOW, &saved_tty); }

static void run_pre_start(const struct spec *s, struct ptys *p)
{
	(void)p;
	run_hooks(s, HOOK_PRE_START, NULL);
}

/* Runs a step that may fail() in a child, so its error reaches the report and the monitor can undo. */
static int run_reporting_child(const struct spec *s, void (*step)(const struct spec *, struct ptys *), struct ptys *p)
{
	int pv[2];
	if (pipe2(pv, O_CLOEXEC) < 0) { report_error(s, "sync", errno, "pipe"); return -1; }
	pid_t pid = fork();
	if (pid < 0) { report_error(s, "fork", errno, "fork for a setup step"); close(pv[0]); close(pv[1]); return -1; }
	if (pid == 0) {
		close(pv[0]);
		sync_fd = pv[1];
		step(s, p);
		_exit(0);
	}
	close(pv[1]);
	int rc = relay_child_error(s, pv[0]);
	close(pv[0]);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
	if (rc == 0 && status != 0) { report_error(s, "shim", 0, "a setup step failed"); rc = -1; }
	return rc;
}

static int monitor(struct spec *s, int notify_fd)
{
	sigset_t set = handled_signals();
	sigprocmask(SIG_BLOCK, &set, NULL);
	int sigfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sigfd < 0) { report_error(s, "signalfd", errno, "watch signals"); return abort_start(s, notify_fd); }
	struct ptys p;
	write_run_state(s, "STARTING", 0);
	if ((has_hooks(s, HOOK_PRE_START) && run_reporting_child(s, run_pre_start, &p) < 0) || open_ptys(s, &p) < 0)
		return abort_start(s, notify_fd);
	int log_fd = -1;
	if (s->consolelog && *s->consolelog) log_fd = open(s->consolelog, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
	int listen_fd = s->mode == MODE_START ? console_listen() : -1;   /* glxc console */
	int *clients = malloc(sizeof(int) * (size_t)(s->ttys + 1));
	for (int k = 0; k <= s->ttys; k++) clients[k] = -1;
	for (;;) {
		pid_t init = spawn_init(s, &p);
		if (init < 0) return abort_start(s, notify_fd);
		write_run_state(s, "RUNNING", init);
		if (notify_fd >= 0) {
			int null = open("/dev/null", O_RDWR);
			for (int fd = 0; fd < 3; fd++) dup2(null, fd);
			close(null);
			if (write(notify_fd, "0", 1) < 0) {}
			close(notify_fd);
			notify_fd = -1;
		}
		if (s->foreground && s->mode == MODE_START) make_stdin_raw();
		int status = supervise(s, init, sigfd, &p, log_fd, listen_fd, clients);
		restore_stdin();
		struct stat st;
		int stopping = s->stoppingfile && stat(s->stoppingfile, &st) == 0;
		if (s->mode == MODE_START && WIFSIGNALED(status) && WTERMSIG(status) == SIGHUP && !stopping) {
			write_run_state(s, "STARTING", 0);
			continue;   /* init asked for a reboot */
		}
		finish(s, status);
		/* execute and start -F end with init's status, as lxc-execute and lxc-start -F do */
		if (s->mode == MODE_EXECUTE || s->foreground) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		return 0;
	}
}

/* The JVM holds the prepared namespace only until the shim reports: open it at once. */
static int open_netns(struct spec *s)
{
	if (!s->netns) return 0;
	s->netns_fd = open(s->netns, O_RDONLY | O_CLOEXEC);
	if (s->netns_fd < 0) return report_error(s, "network", errno, "open the container's network namespace"), -1;
	return 0;
}

int run_start(struct spec *s)
{
	if (open_netns(s) < 0) return 1;
	if (s->foreground) return monitor(s, -1);
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0) die("pipe: %s", strerror(errno));
	pid_t pid = fork();
	if (pid < 0) die("fork the monitor: %s", strerror(errno));
	if (pid > 0) {
		close(p[1]);
		char c = '1';
		while (read(p[0], &c, 1) < 0 && errno == EINTR) {}
		return c == '0' ? 0 : 1;
	}
	close(p[0]);
	setsid();
	if (chdir("/") < 0) {}   /* do not keep the caller's directory busy */
	prctl(PR_SET_NAME, "glxc-monitor", 0, 0, 0);
	exit(monitor(s, p[1]));
}

int run_execute(struct spec *s)
{
	setpgid(0, 0);   /* signals reach the command only through the caller, never twice from the terminal */
	if (open_netns(s) < 0) return 1;
	return monitor(s, -1);
}
