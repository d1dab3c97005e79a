/* unshare mode (glxc unshare, glxc usernsexec): a command in new namespaces, as lxc-unshare and
 * lxc-usernsexec run one. The shim clones it with the namespace flags, writes its id maps from outside
 * (root here), then lets it go on: root of its user namespace, its hostname, lo up, a private mount tree
 * with a fresh /proc and /sys when asked; it waits for the command and exits with its status. */
#include "shim.h"
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void unshared_child(const struct spec *s)
{
	if (s->nsflags & CLONE_NEWUSER)
		if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0) fail("idmap", "become root in the user namespace");
	setup_hostname_and_loopback(s);
	if (s->nsflags & CLONE_NEWNS) {
		if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) fail("mount", "make the mount tree private");
		if (s->mountfs && (s->nsflags & CLONE_NEWPID) && mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
			fail("mount", "mount a fresh /proc");
		if (s->mountfs && (s->nsflags & CLONE_NEWNET) && mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
			fail("mount", "mount a fresh /sys");
	}
	exec_command(s);   /* cwd, uid and gid from the spec */
}

int run_unshare(struct spec *s)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) return report_error(s, "sync", errno, "socketpair"), 1;
	sigset_t set = handled_signals();   /* blocked before the clone: a command that ends at once must not be missed */
	sigprocmask(SIG_BLOCK, &set, NULL);
	pid_t pid = (pid_t)syscall(SYS_clone, (unsigned long)s->nsflags | SIGCHLD, 0, 0, 0, 0);
	if (pid < 0) return report_error(s, "clone", errno, "clone into new namespaces"), 1;
	if (pid == 0) {
		close(sv[0]);
		sync_fd = sv[1];
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		char go;
		if (read(sync_fd, &go, 1) != 1) _exit(126);
		unshared_child(s);
	}
	close(sv[1]);
	if ((s->nsflags & CLONE_NEWUSER) && write_id_maps(s, pid) < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return 1;
	}
	if (write(sv[0], "g", 1) != 1 || relay_child_error(s, sv[0]) < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return 1;
	}
	close(sv[0]);
	for (;;) {   /* signals are forwarded to the command */
		siginfo_t info;
		int sig = sigwaitinfo(&set, &info);
		if (sig < 0) continue;
		if (sig != SIGCHLD) { kill(pid, sig); continue; }
		int status;
		if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	}
}
