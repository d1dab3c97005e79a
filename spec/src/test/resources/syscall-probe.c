/* Tries calls a container's seccomp filter must refuse; prints "name ok" or "name errno-name errno-number".
 * The user-namespace attempt runs last, in a child, so it cannot change what the others see. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *name, long rc)
{
	if (rc < 0) printf("%s %s (%d)\n", name, strerror(errno), errno);
	else printf("%s ok\n", name);
	fflush(stdout);
}

int main(void)
{
	show("keyctl", syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3 /* session */, 0));
	show("clone3", syscall(SYS_clone3, NULL, 0));
	show("bpf", syscall(SYS_bpf, 0, NULL, 0));
	show("init_module", syscall(SYS_init_module, NULL, 0, ""));
	show("kexec_load", syscall(SYS_kexec_load, 0, 0, NULL, 0));
	show("fchmodat2", syscall(452, -100 /* AT_FDCWD */, "/nonexistent-glxc", 0, 0));   /* newer than glxc's table */
	show("personality-exec", syscall(SYS_personality, 0x0400000 /* READ_IMPLIES_EXEC */));
	show("personality-query", syscall(SYS_personality, 0xffffffff));
	show("socket-vsock", syscall(SYS_socket, 40 /* AF_VSOCK */, 1 /* SOCK_STREAM */, 0));
	show("socket-inet", syscall(SYS_socket, 2 /* AF_INET */, 2 /* SOCK_DGRAM */, 0));
	show("getpid", syscall(SYS_getpid));
	pid_t child = fork();
	if (child == 0) {
		show("unshare-user", unshare(CLONE_NEWUSER));
		_exit(0);
	}
	waitpid(child, NULL, 0);
	return 0;
}
