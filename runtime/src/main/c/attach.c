/* attach: join a running container's namespaces (one setns on a pidfd) and cgroups, then exec.
 * The shim stays as the parent of the command to forward signals and return its status. */
#include "shim.h"
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int join_cgroups(const struct spec *s)
{
	char path[4200];
	for (int i = 0; i < s->ncgroups; i++) {
		snprintf(path, sizeof(path), "%s/cgroup.procs", s->cgroups[i]);
		if (write_string(path, "0") < 0) {
			char msg[4300];
			snprintf(msg, sizeof(msg), "join %s", s->cgroups[i]);
			report_error(s, "cgroup", errno, msg);
			return -1;
		}
	}
	return 0;
}

static int wait_forwarding(pid_t child)
{
	sigset_t set = handled_signals();
	int sigfd = signalfd(-1, &set, SFD_CLOEXEC);
	for (;;) {
		struct signalfd_siginfo si;
		if (read(sigfd, &si, sizeof(si)) != sizeof(si)) continue;
		if (si.ssi_signo != SIGCHLD) { kill(child, (int)si.ssi_signo); continue; }
		int status;
		pid_t pid;
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
			if (pid == child) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	}
}

int run_attach(struct spec *s)
{
	/* A process in the container must not be able to ptrace us once we join it (CVE-2016-9962). */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	int pidfd = (int)syscall(SYS_pidfd_open, s->initpid, 0);
	if (pidfd < 0 || proc_start_time(s->initpid) != s->initstart) {
		report_error(s, "attach", ESRCH, "the container's init is gone");
		return 1;
	}
	if (join_cgroups(s) < 0) return 1;
	if (setns(pidfd, s->nsflags) < 0) { report_error(s, "setns", errno, "join the container's namespaces"); return 1; }
	close(pidfd);
	sigset_t set = handled_signals();
	sigprocmask(SIG_BLOCK, &set, NULL);
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) { report_error(s, "sync", errno, "socketpair"); return 1; }
	pid_t pid = fork();
	if (pid < 0) { report_error(s, "fork", errno, "fork into the pid namespace"); return 1; }
	if (pid == 0) {
		close(sv[0]);
		if (dup3(sv[1], 3, O_CLOEXEC) < 0) _exit(126);
		sync_fd = 3;
		close_fds_from(4);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		exec_command(s);
	}
	close(sv[1]);
	if (relay_child_error(s, sv[0]) < 0) {
		waitpid(pid, NULL, 0);
		return 1;
	}
	close(sv[0]);
	return wait_forwarding(pid);
}
