package glxc.runtime.seccomp;

import java.util.Map;

/** x86_64 syscall numbers (asm/unistd_64.h) for the calls glxc's default profile names. */
public final class Syscalls {
    private static final Map<String, Integer> X86_64 = Map.ofEntries(
            Map.entry("clone", 56), Map.entry("syslog", 103), Map.entry("uselib", 134), Map.entry("ustat", 136),
            Map.entry("sysfs", 139), Map.entry("_sysctl", 156), Map.entry("acct", 163), Map.entry("swapon", 167),
            Map.entry("swapoff", 168), Map.entry("iopl", 172), Map.entry("ioperm", 173), Map.entry("create_module", 174),
            Map.entry("init_module", 175), Map.entry("delete_module", 176), Map.entry("get_kernel_syms", 177),
            Map.entry("query_module", 178), Map.entry("nfsservctl", 180), Map.entry("lookup_dcookie", 212),
            Map.entry("kexec_load", 246), Map.entry("add_key", 248), Map.entry("request_key", 249), Map.entry("keyctl", 250),
            Map.entry("unshare", 272), Map.entry("perf_event_open", 298), Map.entry("fanotify_init", 300),
            Map.entry("open_by_handle_at", 304), Map.entry("kcmp", 312), Map.entry("finit_module", 313),
            Map.entry("kexec_file_load", 320), Map.entry("bpf", 321), Map.entry("userfaultfd", 323),
            Map.entry("io_uring_setup", 425), Map.entry("io_uring_enter", 426), Map.entry("io_uring_register", 427),
            Map.entry("clone3", 435));

    private Syscalls() {}

    public static int number(String name) {
        Integer n = X86_64.get(name);
        if (n == null) throw new IllegalArgumentException("no x86_64 number known for syscall '" + name + "'");
        return n;
    }
}
