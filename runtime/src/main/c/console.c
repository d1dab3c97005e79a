/* Consoles: the monitor serves its pty masters (the console and lxc.tty.max ttys) on an abstract unix
 * socket, one client per tty, root only; the shim's console mode is the client (lxc-console). */
#include "shim.h"
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

static socklen_t console_address(struct sockaddr_un *a, pid_t monitor)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	int n = snprintf(a->sun_path + 1, sizeof(a->sun_path) - 1, "glxc/console/%d", monitor);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n);
}

int console_listen(void)
{
	struct sockaddr_un a;
	socklen_t len = console_address(&a, getpid());
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) return -1;
	if (bind(fd, (struct sockaddr *)&a, len) < 0 || listen(fd, 4) < 0) { close(fd); return -1; }
	return fd;
}

/* Accepts one client: only root (the monitor's uid) may have a console. It names a tty (0 = the
 * console, N = ttyN, 255 = the first free tty); the answer is "ok N" or an error line. Returns the
 * tty index it took, or -1. */
int console_accept(int listen_fd, int *clients, int ntty, int console_ok)
{
	int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0) return -1;
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	struct timeval tv = {1, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	unsigned char want;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) < 0 || cred.uid != getuid() || read(fd, &want, 1) != 1) {
		close(fd);
		return -1;
	}
	int tty = want;
	if (tty == 255) {
		tty = -1;
		for (int i = 1; i <= ntty && tty < 0; i++) if (clients[i] < 0) tty = i;
		if (tty < 0 && ntty == 0 && console_ok && clients[0] < 0) tty = 0;
	}
	const char *err = NULL;
	if (tty < 0) err = "error no free tty\n";
	else if (tty > ntty || (tty == 0 && !console_ok)) err = "error no such tty\n";
	else if (clients[tty] >= 0) err = "error busy\n";
	if (err) {
		if (write(fd, err, strlen(err)) < 0) {}
		close(fd);
		return -1;
	}
	char ok[32];
	int n = snprintf(ok, sizeof(ok), "ok %d\n", tty);
	if (write(fd, ok, (size_t)n) != n) { close(fd); return -1; }
	clients[tty] = fd;
	return tty;
}

/* The client: raw terminal, <escape> q detaches, <escape><escape> sends the escape itself. */
int run_console(struct spec *s)
{
	struct sockaddr_un a;
	socklen_t len = console_address(&a, s->monitor_pid);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, len) < 0) { report_error(s, "console", errno, "connect to the container's monitor"); return 1; }
	unsigned char want = (unsigned char)(s->console_tty < 0 ? 255 : s->console_tty);
	char reply[64] = {0};
	size_t got = 0;
	if (write(fd, &want, 1) != 1) { report_error(s, "console", errno, "ask for a tty"); return 1; }
	while (got < sizeof(reply) - 1 && read(fd, reply + got, 1) == 1 && reply[got] != '\n') got++;
	reply[got] = 0;
	if (strncmp(reply, "ok ", 3) != 0) {
		const char *why = *reply ? reply + (strncmp(reply, "error ", 6) == 0 ? 6 : 0) : "the monitor closed the connection";
		report_error(s, "console", strcmp(why, "busy") == 0 ? EBUSY : 0, strcmp(why, "busy") == 0 ? "the tty has a client already" : why);
		return 1;
	}
	int tty = atoi(reply + 3);
	char esc = (char)(s->escape & 0x1f);   /* the escape letter as a control character: a -> Ctrl+a */
	struct termios saved;
	int raw = isatty(0) && tcgetattr(0, &saved) == 0;
	if (raw) {
		struct termios t = saved;
		cfmakeraw(&t);
		tcsetattr(0, TCSANOW, &t);
	}
	dprintf(2, "\r\nConnected to %s%.0d\r\nType <Ctrl+%c q> to exit the console, <Ctrl+%c Ctrl+%c> to enter Ctrl+%c itself\r\n",
		tty ? "tty" : "the console", tty, esc + 'a' - 1, esc + 'a' - 1, esc + 'a' - 1, esc + 'a' - 1);
	int escaped = 0, in_open = 1;
	for (;;) {
		struct pollfd fds[2] = {{fd, POLLIN, 0}, {in_open ? 0 : -1, POLLIN, 0}};
		if (poll(fds, 2, -1) < 0) { if (errno == EINTR) continue; break; }
		char buf[4096];
		if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t n = read(fd, buf, sizeof(buf));
			if (n <= 0) break;   /* the container stopped */
			if (write(1, buf, (size_t)n) < 0) break;
		}
		if (fds[1].revents & (POLLIN | POLLHUP)) {
			ssize_t n = read(0, buf, sizeof(buf));
			if (n <= 0) { in_open = 0; continue; }
			char out[4096];
			size_t m = 0;
			int quit = 0;
			for (ssize_t i = 0; i < n && !quit; i++) {
				if (escaped) {
					escaped = 0;
					if (buf[i] == 'q') quit = 1;
					else out[m++] = buf[i];   /* <esc><esc> and <esc>x send the second key */
				} else if (buf[i] == esc) {
					escaped = 1;
				} else {
					out[m++] = buf[i];
				}
			}
			if (m && write(fd, out, m) < 0) break;
			if (quit) break;
		}
	}
	if (raw) tcsetattr(0, TCSANOW, &saved);
	close(fd);
	return 0;
}
