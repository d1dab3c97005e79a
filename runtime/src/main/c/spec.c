/* Reads the resolved spec the JVM wrote: one "key<TAB>field<TAB>..." record per line.
 * The JVM validates every value; the shim only refuses what it cannot parse. */
#include "shim.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *hook_names[HOOK_COUNT] = {"pre-start", "pre-mount", "mount", "start", "stop", "post-stop"};

#define PUSH(arr, n, val) do { arr = realloc(arr, sizeof(*arr) * (size_t)(n + 2)); arr[n++] = val; arr[n] = 0; } while (0)

/* The JVM escapes backslash, tab and newline inside fields as \\, \t and \n. */
char *unescape(char *field)
{
	char *r = field, *w = field;
	while (*r) {
		if (*r == '\\' && r[1]) {
			r++;
			*w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r;
			r++;
		} else {
			*w++ = *r++;
		}
	}
	*w = 0;
	return field;
}

static int split(char *line, char **f, int max)
{
	int n = 0;
	char *p = line;
	while (n < max) {
		f[n++] = p;
		p = strchr(p, '\t');
		if (!p) break;
		*p++ = 0;
	}
	for (int i = 0; i < n; i++) unescape(f[i]);
	return n;
}

static unsigned long long num(const char *key, const char *v)
{
	char *end;
	errno = 0;
	unsigned long long r = strtoull(v, &end, 0);
	if (errno || *end) die("spec: bad number for %s: %s", key, v);
	return r;
}

static void need(int n, int want, const char *key)
{
	if (n < want) die("spec: %s needs %d fields", key, want - 1);
}

static void add_mount(struct spec *s, char **f, int n)
{
	need(n, 9, "mount");
	s->mounts = realloc(s->mounts, sizeof(*s->mounts) * (size_t)(s->nmounts + 1));
	struct mount_entry *m = &s->mounts[s->nmounts++];
	m->src = strdup(f[1]);
	m->target = strdup(f[2]);
	m->fstype = strdup(f[3]);
	m->flags = (unsigned long)num("mount", f[4]);
	m->data = strdup(f[5]);
	m->create = (int)num("mount", f[6]);
	m->optional = (int)num("mount", f[7]);
	m->src_in_rootfs = (int)num("mount", f[8]);
}

static void add_hook(struct spec *s, char **f, int n)
{
	need(n, 3, "hook");
	for (int t = 0; t < HOOK_COUNT; t++) {
		if (strcmp(f[1], hook_names[t]) == 0) {
			s->hooks = realloc(s->hooks, sizeof(*s->hooks) * (size_t)(s->nhooks + 1));
			s->hooks[s->nhooks].type = t;
			s->hooks[s->nhooks++].cmd = strdup(f[2]);
			return;
		}
	}
	die("spec: unknown hook type %s", f[1]);
}

static void add_rlimit(struct spec *s, char **f, int n)
{
	need(n, 4, "rlimit");
	s->rlimits = realloc(s->rlimits, sizeof(*s->rlimits) * (size_t)(s->nrlimits + 1));
	struct rlimit_entry *r = &s->rlimits[s->nrlimits++];
	r->resource = (int)num("rlimit", f[1]);
	r->limit.rlim_cur = strcmp(f[2], "unlimited") ? (rlim_t)num("rlimit", f[2]) : RLIM_INFINITY;
	r->limit.rlim_max = strcmp(f[3], "unlimited") ? (rlim_t)num("rlimit", f[3]) : RLIM_INFINITY;
}

/* idmap u|g INSIDE OUTSIDE COUNT: appended to the uid_map or gid_map text */
static void add_idmap(struct spec *s, char **f, int n)
{
	need(n, 5, "idmap");
	char **map = !strcmp(f[1], "u") ? &s->uidmap : !strcmp(f[1], "g") ? &s->gidmap : NULL;
	if (!map) die("spec: idmap type must be u or g, not %s", f[1]);
	char line[128];
	snprintf(line, sizeof(line), "%s %s %s\n", f[2], f[3], f[4]);
	size_t old = *map ? strlen(*map) : 0;
	*map = realloc(*map, old + strlen(line) + 1);
	strcpy(*map + old, line);
}

static void read_hex(struct spec *s, const char *v)
{
	size_t n = strlen(v);
	if (n % 16) die("spec: seccomp program of %zu hex digits is not whole instructions", n);
	s->seccomp = malloc(n / 2);
	for (size_t i = 0; i < n / 2; i++) {
		unsigned int byte;
		if (sscanf(v + 2 * i, "%2x", &byte) != 1) die("spec: bad hex in seccomp program");
		s->seccomp[i] = (unsigned char)byte;
	}
	s->seccomp_len = (int)(n / 2);
}

const char *hook_name(int type) { return hook_names[type]; }

int has_hooks(const struct spec *s, int type)
{
	for (int i = 0; i < s->nhooks; i++)
		if (s->hooks[i].type == type) return 1;
	return 0;
}

int spec_read(const char *path, struct spec *s)
{
	FILE *in = fopen(path, "re");
	if (!in) die("spec: open %s: %s", path, strerror(errno));
	memset(s, 0, sizeof(*s));
	s->cwd = "/";
	s->sighalt = 15;
	s->pdeathsig = 9;
	s->console_tty = -1;
	s->escape = 'a';
	s->rootfs_tree = -1;
	s->netns_fd = -1;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	char *f[12];
	while ((len = getline(&line, &cap, in)) > 0) {
		if (line[len - 1] == '\n') line[--len] = 0;
		if (!len) continue;
		int n = split(line, f, 12);
		const char *k = f[0];
		const char *v = n > 1 ? f[1] : "";
		if (!strcmp(k, "mode")) s->mode = !strcmp(v, "start") ? MODE_START : !strcmp(v, "execute") ? MODE_EXECUTE : !strcmp(v, "attach") ? MODE_ATTACH : !strcmp(v, "console") ? MODE_CONSOLE : !strcmp(v, "unshare") ? MODE_UNSHARE : !strcmp(v, "shift") ? MODE_SHIFT : 0;
		else if (!strcmp(k, "name")) s->name = strdup(v);
		else if (!strcmp(k, "runfile")) s->runfile = strdup(v);
		else if (!strcmp(k, "exitfile")) s->exitfile = strdup(v);
		else if (!strcmp(k, "stoppingfile")) s->stoppingfile = strdup(v);
		else if (!strcmp(k, "report")) s->report = strdup(v);
		else if (!strcmp(k, "rootfs")) s->rootfs = strdup(v);
		else if (!strcmp(k, "hostname")) s->hostname = strdup(v);
		else if (!strcmp(k, "cwd")) s->cwd = strdup(v);
		else if (!strcmp(k, "nsflags")) s->nsflags = (int)num(k, v);
		else if (!strcmp(k, "cgroup")) PUSH(s->cgroups, s->ncgroups, strdup(v));
		else if (!strcmp(k, "mount")) add_mount(s, f, n);
		else if (!strcmp(k, "autodev")) s->autodev = (int)num(k, v);
		else if (!strcmp(k, "ttys")) s->ttys = (int)num(k, v);
		else if (!strcmp(k, "ttydir")) s->ttydir = strdup(v);
		else if (!strcmp(k, "ptys")) s->ptys = (int)num(k, v);
		else if (!strcmp(k, "console")) s->console = (int)num(k, v);
		else if (!strcmp(k, "consolelog")) s->consolelog = strdup(v);
		else if (!strcmp(k, "foreground")) s->foreground = (int)num(k, v);
		else if (!strcmp(k, "arg")) PUSH(s->argv, s->argc, strdup(v));
		else if (!strcmp(k, "env")) PUSH(s->env, s->nenv, strdup(v));
		else if (!strcmp(k, "hookenv")) PUSH(s->hookenv, s->nhookenv, strdup(v));
		else if (!strcmp(k, "hook")) add_hook(s, f, n);
		else if (!strcmp(k, "rlimit")) add_rlimit(s, f, n);
		else if (!strcmp(k, "uid")) s->uid = (uid_t)num(k, v);
		else if (!strcmp(k, "gid")) s->gid = (gid_t)num(k, v);
		else if (!strcmp(k, "capkeep")) { s->capkeep = num(k, v); s->dropcaps = 1; }
		else if (!strcmp(k, "nonewprivs")) s->nonewprivs = (int)num(k, v);
		else if (!strcmp(k, "sighalt")) s->sighalt = (int)num(k, v);
		else if (!strcmp(k, "pdeathsig")) s->pdeathsig = (int)num(k, v);
		else if (!strcmp(k, "devsize")) s->devsize = (int)num(k, v);
		else if (!strcmp(k, "seccomp")) read_hex(s, v);
		else if (!strcmp(k, "idmap")) add_idmap(s, f, n);
		else if (!strcmp(k, "netns")) s->netns = strdup(v);
		else if (!strcmp(k, "netsync")) s->netsync = strdup(v);
		else if (!strcmp(k, "overlay")) { need(n, 4, "overlay"); s->ovl_lower = strdup(f[1]); s->ovl_upper = strdup(f[2]); s->ovl_work = strdup(f[3]); }
		else if (!strcmp(k, "ephemeral")) s->ephemeral_dir = strdup(v);
		else if (!strcmp(k, "shifted")) s->shifted = (int)num(k, v);
		else if (!strcmp(k, "shiftfrom")) { need(n, 3, "shiftfrom"); s->shift_from = (long)num(k, f[1]); s->shift_count = (long)num(k, f[2]); }
		else if (!strcmp(k, "remove")) s->shift_remove = (int)num(k, v);
		else if (!strcmp(k, "mountfs")) s->mountfs = (int)num(k, v);
		else if (!strcmp(k, "device")) { need(n, 3, "device"); s->devsrc = strdup(f[1]); s->devtarget = strdup(f[2]); }
		else if (!strcmp(k, "devremove")) { s->devtarget = strdup(v); s->devremove = 1; }
		else if (!strcmp(k, "initpid")) s->initpid = (pid_t)num(k, v);
		else if (!strcmp(k, "initstart")) s->initstart = num(k, v);
		else if (!strcmp(k, "monitorpid")) s->monitor_pid = (pid_t)num(k, v);
		else if (!strcmp(k, "consoletty")) s->console_tty = (int)strtol(v, NULL, 10);
		else if (!strcmp(k, "escape")) s->escape = (int)num(k, v);
		else die("spec: unknown key %s", k);
	}
	free(line);
	fclose(in);
	if (!s->mode) die("spec: no mode");
	if (!s->report) die("spec: no report path");
	if (!s->argc && s->mode != MODE_CONSOLE && s->mode != MODE_SHIFT && !s->devtarget) die("spec: no command");
	return 0;
}
