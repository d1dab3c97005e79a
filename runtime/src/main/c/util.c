/* Error reporting, state files and small helpers shared by every mode. */
#include "shim.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int sync_fd = -1;
const char *hook_name(int type);
static const struct spec *current_spec;
static const char *early_report;

void fail(const char *step, const char *fmt, ...)
{
	int err = errno;
	char msg[512], line[640];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	int n = snprintf(line, sizeof(line), "%s\t%d\t%s\n", step, err, msg);
	if (sync_fd >= 0 && write(sync_fd, line, (size_t)n) < 0) {}
	else if (sync_fd < 0) dprintf(2, "glxc-shim: %s: %s: %s\n", step, msg, strerror(err));
	_exit(126);
}

void die(const char *fmt, ...)
{
	int err = errno;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (current_spec) report_error(current_spec, "shim", err, msg);
	else if (early_report) {
		struct spec none = {.report = (char *)early_report};
		report_error(&none, "shim", err, msg);
	}
	dprintf(2, "glxc-shim: %s\n", msg);
	exit(125);
}

int write_file_atomic(const char *path, const char *content)
{
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) return -1;
	size_t len = strlen(content);
	if (write(fd, content, len) != (ssize_t)len) { close(fd); unlink(tmp); return -1; }
	close(fd);
	if (rename(tmp, path) < 0) { unlink(tmp); return -1; }
	return 0;
}

int write_string(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) return -1;
	ssize_t n = write(fd, s, strlen(s));
	int err = errno;
	close(fd);
	errno = err;
	return n < 0 ? -1 : 0;
}

/* Field 22 of /proc/PID/stat: with the pid it names one process for all time. */
unsigned long long proc_start_time(pid_t pid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) return 0;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0) return 0;
	buf[n] = 0;
	char *p = strrchr(buf, ')');
	if (!p) return 0;
	p += 2;
	for (int field = 3; field < 22 && p; field++) {
		p = strchr(p, ' ');
		if (p) p++;
	}
	return p ? strtoull(p, NULL, 10) : 0;
}

long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void close_fds_from(int first)
{
	if (syscall(SYS_close_range, first, ~0U, 0) == 0) return;
	for (int fd = first; fd < 65536; fd++) close(fd);
}

/* The report exists only when something failed; it is read after the shim (or its launcher) exited. */
static int report_dir = -1;

/* attach joins the container's mount namespace, where the report's path means something else (or
 * nothing): its folder is held open from the host first, and the report written relative to it. */
/* A child that goes into the container must not keep a handle on the host's folder. */
void unpin_report_dir(void)
{
	if (report_dir >= 0) close(report_dir);
	report_dir = -1;
}

void pin_report_dir(const char *path)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash) return;
	*slash = 0;
	report_dir = open(*dir ? dir : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
}

static int write_report(const char *path, const char *content)
{
	const char *base = strrchr(path, '/');
	int fd = report_dir >= 0 && base ? openat(report_dir, base + 1, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)
					 : open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) return -1;
	size_t len = strlen(content);
	ssize_t n = write(fd, content, len);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

int report_error(const struct spec *s, const char *step, int err, const char *msg)
{
	char buf[8192];
	snprintf(buf, sizeof(buf), "status\terror\nstep\t%s\nerrno\t%d\nmessage\t%s\n", step, err, msg);
	return write_report(s->report, buf);
}

void remember_spec(const struct spec *s) { current_spec = s; }

/* Before the spec is read, die() still has a report path (argv): the JVM learns of every failure. */
void remember_report_path(const char *path) { early_report = path; }

/* Moves pid (0: the caller) into every cgroup of the spec; reports and returns -1 on failure. */
int join_cgroups(const struct spec *s, pid_t pid)
{
	return join_cgroups_except(s, pid, -1);
}

/* The same, leaving out cgroup number skip (already joined through clone3). */
int join_cgroups_except(const struct spec *s, pid_t pid, int skip)
{
	char buf[32], path[4200];
	snprintf(buf, sizeof(buf), "%d", pid);
	for (int i = 0; i < s->ncgroups; i++) {
		if (i == skip) continue;
		snprintf(path, sizeof(path), "%s/cgroup.procs", s->cgroups[i]);
		if (write_string(path, buf) < 0) {
			char msg[4300];
			snprintf(msg, sizeof(msg), "join %s", s->cgroups[i]);
			report_error(s, "cgroup", errno, msg);
			return -1;
		}
	}
	return 0;
}

/* Closes every fd from 3 up except the count fds in keep (negative entries are ignored). */
void close_fds_except(const int *keep, int count)
{
	int sorted[64], n = 0;
	for (int i = 0; i < count && n < 64; i++) if (keep[i] >= 3) sorted[n++] = keep[i];
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && sorted[j - 1] > sorted[j]; j--) { int t = sorted[j]; sorted[j] = sorted[j - 1]; sorted[j - 1] = t; }
	int from = 3;
	for (int i = 0; i < n; i++) {
		if (sorted[i] > from) syscall(SYS_close_range, from, sorted[i] - 1, 0);
		from = sorted[i] + 1;
	}
	close_fds_from(from);
}

/* Reads what a child wrote on the sync pipe before exec; EOF with nothing means exec succeeded. */
int relay_child_error(const struct spec *s, int fd)
{
	char buf[1024];
	size_t len = 0;
	ssize_t n;
	while (len < sizeof(buf) - 1 && (n = read(fd, buf + len, sizeof(buf) - 1 - len)) != 0) {
		if (n < 0) { if (errno == EINTR) continue; break; }
		len += (size_t)n;
	}
	if (!len) return 0;
	buf[len] = 0;
	char *nl = strchr(buf, '\n');
	if (nl) *nl = 0;
	char *step = buf, *err = strchr(step, '\t');
	char *msg = err ? strchr(err + 1, '\t') : NULL;
	if (!err || !msg) { report_error(s, "child", 0, buf); return -1; }
	*err++ = 0;
	*msg++ = 0;
	report_error(s, step, atoi(err), msg);
	return -1;
}

/* LXC's convention: "<hook> <name> lxc <type>", run by sh, with LXC_* in the environment. */
void run_hooks(const struct spec *s, int type, char **extra_env)
{
	for (int i = 0; i < s->nhooks; i++) {
		if (s->hooks[i].type != type) continue;
		pid_t pid = fork();
		if (pid < 0) fail("hook", "fork for %s hook", hook_name(type));
		if (pid == 0) {
			char cmd[8192], t[64], sec[] = "LXC_HOOK_SECTION=lxc";
			snprintf(cmd, sizeof(cmd), "%s %s lxc %s", s->hooks[i].cmd, s->name, hook_name(type));
			snprintf(t, sizeof(t), "LXC_HOOK_TYPE=%s", hook_name(type));
			sigset_t none;
			sigemptyset(&none);
			sigprocmask(SIG_SETMASK, &none, NULL);
			clearenv();
			for (int e = 0; e < s->nhookenv; e++) putenv(s->hookenv[e]);
			for (char **e = extra_env; e && *e; e++) putenv(*e);
			putenv(t);
			putenv(sec);
			setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 0);
			close_fds_from(3);
			execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
			_exit(127);
		}
		int status;
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			errno = 0;
			if (type == HOOK_STOP || type == HOOK_POST_STOP) {
				dprintf(2, "glxc-shim: %s hook '%s' failed (status %d)\n", hook_name(type), s->hooks[i].cmd, status);
				continue;
			}
			fail(hook_name(type), "hook '%s' failed with status %d", s->hooks[i].cmd,
			     WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		}
	}
}
