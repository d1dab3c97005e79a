/* glxc-shim: the only native code of glxc. See docs/shim.md for the protocol. */
#ifndef GLXC_SHIM_H
#define GLXC_SHIM_H
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/types.h>
#include <sys/resource.h>

enum mode { MODE_START = 1, MODE_EXECUTE, MODE_ATTACH, MODE_CONSOLE, MODE_UNSHARE, MODE_SHIFT };
enum create_kind { CREATE_NONE = 0, CREATE_DIR, CREATE_FILE };
enum hook_type { HOOK_PRE_START, HOOK_PRE_MOUNT, HOOK_MOUNT, HOOK_START, HOOK_STOP, HOOK_POST_STOP, HOOK_COUNT };

struct mount_entry {
	char *src, *target, *fstype, *data;
	unsigned long flags;
	int create, optional, src_in_rootfs;
};

struct hook { int type; char *cmd; };
struct rlimit_entry { int resource; struct rlimit limit; };

struct spec {
	int mode;
	char *name, *runfile, *exitfile, *stoppingfile, *report;
	char *rootfs, *hostname, *cwd;
	int nsflags;
	char **cgroups; int ncgroups;
	struct mount_entry *mounts; int nmounts;
	int autodev, ttys, ptys, console, foreground;
	char *ttydir, *consolelog;
	char **argv; int argc;
	char **env; int nenv;
	char **hookenv; int nhookenv;
	struct hook *hooks; int nhooks;
	struct rlimit_entry *rlimits; int nrlimits;
	uid_t uid; gid_t gid;
	uint64_t capkeep; int dropcaps, nonewprivs;
	unsigned char *seccomp; int seccomp_len;   /* struct sock_filter[], built by the JVM */
	char *uidmap, *gidmap;                      /* "inside outside count" lines, for a user namespace */
	int rootfs_tree;                            /* init: the idmapped rootfs the monitor sent, or -1 */
	int shifted;                                /* the rootfs is owned on disk by the mapped ids: no idmapped mount */
	long shift_from, shift_count;               /* shift: ids [from, from+count) inside the maps move down by from */
	int shift_remove;                           /* shift: remove the tree instead */
	char *ovl_lower, *ovl_upper, *ovl_work;     /* an overlay rootfs: its layers (lowerdir as overlayfs takes it), or NULL */
	char *ephemeral_dir;                        /* lxc.ephemeral: the folder the monitor removes after the stop, or NULL */
	char *netns; int netns_fd;                  /* a network namespace the JVM prepared (init joins it), or NULL / -1 */
	char *netsync;                              /* the JVM's socket: it configures init's own network namespace */
	int mountfs;                                /* unshare: a fresh /proc (new pid ns) and /sys (new net ns) */
	char *devsrc, *devtarget; int devremove;    /* attach: bind a host device node in at devtarget, or remove it */
	int sighalt, pdeathsig, devsize;
	pid_t initpid; unsigned long long initstart;
	pid_t monitor_pid; int console_tty, escape;
};

/* spec.c */
int spec_read(const char *path, struct spec *s);

/* util.c */
extern int sync_fd;            /* where a failing child reports its step and errno */
void fail(const char *step, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
int write_file_atomic(const char *path, const char *content);
int write_string(const char *path, const char *s);
unsigned long long proc_start_time(pid_t pid);
long long now_ms(void);
void close_fds_from(int first);
int report_error(const struct spec *s, const char *step, int err, const char *msg);
void pin_report_dir(const char *path);
void unpin_report_dir(void);
int relay_child_error(const struct spec *s, int fd);
void run_hooks(const struct spec *s, int type, char **extra_env);
void remember_spec(const struct spec *s);
void remember_report_path(const char *path);
int join_cgroups(const struct spec *s, pid_t pid);
int join_cgroups_except(const struct spec *s, pid_t pid, int skip);
void close_fds_except(const int *keep, int count);
int has_hooks(const struct spec *s, int type);

/* mounts.c: run in the container's fresh mount namespace, before pivot_root */
void setup_rootfs(const struct spec *s, int *console_slave_fd, int *tty_slave_fds, int pty_sock);
void enter_rootfs(const struct spec *s);
void attach_idmapped_rootfs(const struct spec *s);
void attach_rootfs_tree(int tree, int mount_point);
int rootfs_fd_of_init(void);

/* process.c: the last steps before exec */
void setup_identity_and_limits(const struct spec *s);
void setup_hostname_and_loopback(const struct spec *s);
void exec_command(const struct spec *s) __attribute__((noreturn));

/* monitor.c */
int run_start(struct spec *s);
int run_execute(struct spec *s);
#include <signal.h>
sigset_t handled_signals(void);

/* attach.c */
int run_attach(struct spec *s);

/* userns.c */
long mapped_id(const char *map, long inside);
int write_id_maps(const struct spec *s, pid_t pid);
int idmapped_rootfs(const struct spec *s, pid_t pid);
int open_rootfs_folder(const struct spec *s);
void enter_shifted_rootfs(const struct spec *s);
void set_rootfs_fd(int fd);
#define MAX_PASSED_FDS 64
int send_byte_and_fd(int sock, char byte, int fd);
int send_byte_and_fds(int sock, char byte, const int *fds, int n);
int receive_byte_and_fds(int sock, int *fds, int *n);
int idmapped_layers(const struct spec *s, pid_t pid, int *fds);
int receive_byte_and_fd(int sock, int *fd);

/* storage.c */
int overlay_tree(const struct spec *s, char *msg, size_t size);
void attach_idmapped_overlay(const struct spec *s, const int *fds, int n);
int remove_ephemeral(const struct spec *s);

/* netsync.c */
int await_network(const struct spec *s, pid_t pid);

/* unshare.c */
int run_unshare(struct spec *s);
int run_shift(struct spec *s);

/* console.c */
int console_listen(void);
int console_accept(int listen_fd, int *clients, int ntty, int console_ok);
int run_console(struct spec *s);

/* selfexec.c */
void ensure_sealed_copy(char **argv, char **envp);
char *unescape(char *field);
#endif
