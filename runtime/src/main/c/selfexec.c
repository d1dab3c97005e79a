/* Run from a sealed memfd copy of ourselves, so a process inside a container that reaches our
 * /proc/PID/exe can never overwrite the host's binary (CVE-2019-5736). */
#include "shim.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#define SEALED_ENV "_GLXC_SHIM_SEALED"

void ensure_sealed_copy(char **argv, char **envp)
{
	if (getenv(SEALED_ENV)) { unsetenv(SEALED_ENV); return; }
	int exe = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (exe < 0 || fstat(exe, &st) < 0) die("open /proc/self/exe: %s", strerror(errno));
	int mem = memfd_create("glxc-shim", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (mem < 0) die("memfd_create: %s", strerror(errno));
	off_t off = 0;
	while (off < st.st_size)
		if (sendfile(mem, exe, &off, (size_t)(st.st_size - off)) <= 0) die("copy the shim into a memfd: %s", strerror(errno));
	close(exe);
	if (fcntl(mem, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE) < 0) die("seal the memfd: %s", strerror(errno));
	int n = 0;
	while (envp[n]) n++;
	char **env = calloc((size_t)n + 2, sizeof(char *));
	memcpy(env, envp, sizeof(char *) * (size_t)n);
	env[n] = SEALED_ENV "=1";
	fexecve(mem, argv, env);
	die("re-exec from the sealed memfd: %s", strerror(errno));
}
