/* Unprivileged containers with a network: their network namespace must belong to their user namespace
 * (sysfs mounts and root's say over its own links depend on it), so init makes it when it is cloned and
 * the JVM configures it before init goes on: the monitor sends init's pid over the socket the JVM
 * listens on, and waits for its answer ("0", or the error the JVM met). */
#include "shim.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int await_network(const struct spec *s, pid_t pid)
{
	static int used;
	if (!s->netsync) return 0;
	if (used++) {   /* a reboot: the JVM that answered the first start is gone */
		report_error(s, "network", 0, "an unprivileged container with a network cannot reboot itself yet (glxc stop -r restarts it)");
		return -1;
	}
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	strncpy(addr.sun_path, s->netsync, sizeof(addr.sun_path) - 1);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		report_error(s, "network", errno, "reach glxc to set up the container's network");
		if (fd >= 0) close(fd);
		return -1;
	}
	char reply[1024];
	size_t got = 0;
	ssize_t n;
	if (dprintf(fd, "%d\n", pid) < 0) got = 0;
	while (got < sizeof(reply) - 1 && (n = read(fd, reply + got, sizeof(reply) - 1 - got)) != 0) {
		if (n < 0) {
			if (errno == EINTR) continue;
			break;
		}
		got += (size_t)n;
	}
	reply[got] = 0;
	close(fd);
	if (got > 0 && reply[0] == '0') return 0;
	report_error(s, "network", 0, got > 1 ? reply + 1 : "glxc could not set up the container's network");
	return -1;
}
