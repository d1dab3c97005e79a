package glxc.runtime.seccomp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * glxc's default seccomp policy, after moby's: no kernel modules, kexec, keyrings, bpf, perf events,
 * handle-based opens, userfaultfd, swap, accounting, raw I/O ports, io_uring, no new user namespaces;
 * clone3 answers ENOSYS so libc falls back to clone, whose flags the filter can see.
 * (A full moby-equivalent allowlist is the security issue's next step.)
 */
public final class DefaultProfile {
    public static final List<String> DENIED = List.of("kexec_load", "kexec_file_load", "init_module", "finit_module",
            "delete_module", "create_module", "get_kernel_syms", "query_module", "keyctl", "add_key", "request_key", "bpf",
            "perf_event_open", "open_by_handle_at", "userfaultfd", "lookup_dcookie", "acct", "swapon", "swapoff", "uselib",
            "ustat", "sysfs", "_sysctl", "nfsservctl", "iopl", "ioperm", "fanotify_init", "kcmp", "syslog",
            "io_uring_setup", "io_uring_enter", "io_uring_register");

    private DefaultProfile() {}

    public static SeccompFilter filter() {
        Map<Integer, Integer> denied = new LinkedHashMap<>();
        for (String name : DENIED) denied.put(Syscalls.number(name), SeccompFilter.EPERM);
        denied.put(Syscalls.number("clone3"), SeccompFilter.ENOSYS);
        return SeccompFilter.build(denied, false);
    }
}
