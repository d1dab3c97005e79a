/* The last steps before exec: hostname, loopback, rlimits, identity, capabilities, no_new_privs. */
#include "shim.h"
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

void setup_hostname_and_loopback(const struct spec *s)
{
	if ((s->nsflags & CLONE_NEWUTS) && s->hostname && *s->hostname)
		if (sethostname(s->hostname, strlen(s->hostname)) < 0) fail("hostname", "sethostname %s", s->hostname);
	if (!(s->nsflags & CLONE_NEWNET)) return;
	int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sock < 0) fail("loopback", "socket");
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0) fail("loopback", "get flags of lo");
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(sock, SIOCSIFFLAGS, &ifr) < 0) fail("loopback", "bring lo up");
	close(sock);
}

static int last_cap(void)
{
	for (int cap = 63; cap > 0; cap--)
		if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) >= 0) return cap;
	return CAP_LAST_CAP;
}

static void drop_bounding(uint64_t keep)
{
	int last = last_cap();
	for (int cap = 0; cap <= last; cap++)
		if (!(keep & (1ULL << cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
			fail("capabilities", "drop capability %d from the bounding set", cap);
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
}

static void set_capabilities(uint64_t keep)
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[2];
	if (syscall(SYS_capget, &hdr, data) < 0) fail("capabilities", "capget");
	for (int i = 0; i < 2; i++) {
		uint32_t mask = (uint32_t)(keep >> (32 * i));
		data[i].effective &= mask;
		data[i].permitted &= mask;
		data[i].inheritable &= mask;
	}
	if (syscall(SYS_capset, &hdr, data) < 0) fail("capabilities", "capset");
}

void setup_identity_and_limits(const struct spec *s)
{
	for (int i = 0; i < s->nrlimits; i++)
		if (setrlimit(s->rlimits[i].resource, &s->rlimits[i].limit) < 0)
			fail("prlimit", "setrlimit resource %d", s->rlimits[i].resource);
	if (s->dropcaps) drop_bounding(s->capkeep);
	/* while still root with every effective capability (no no_new_privs needed), before the uid change */
	if (s->seccomp_len) {
		struct sock_fprog prog = {.len = (unsigned short)(s->seccomp_len / 8), .filter = (struct sock_filter *)s->seccomp};
		if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0) fail("seccomp", "install the seccomp filter");
	}
	if (setgroups(0, NULL) < 0 && errno != EPERM) fail("identity", "setgroups");
	if (setresgid(s->gid, s->gid, s->gid) < 0) fail("identity", "setgid %d", s->gid);
	if (setresuid(s->uid, s->uid, s->uid) < 0) fail("identity", "setuid %d", s->uid);
	if (s->dropcaps && s->uid == 0) set_capabilities(s->capkeep);
	if (s->nonewprivs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) fail("no_new_privs", "prctl");
	if (s->mode != MODE_ATTACH && prctl(PR_SET_PDEATHSIG, s->pdeathsig, 0, 0, 0) < 0) fail("pdeath", "prctl");
}

extern char **environ;

void exec_command(const struct spec *s)
{
	environ = s->env;
	if (chdir(s->cwd) < 0) fail("cwd", "chdir %s", s->cwd);
	/* a cwd reached through a leaked fd would lie outside the root (CVE-2024-21626) */
	char here[4096];
	if (!getcwd(here, sizeof(here)) || here[0] != '/') { errno = EPERM; fail("cwd", "working directory %s is outside the container", s->cwd); }
	setup_identity_and_limits(s);
	execvpe(s->argv[0], s->argv, s->env);
	fail("exec", "exec %s", s->argv[0]);
}
