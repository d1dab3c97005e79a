package glxc.runtime.seccomp;

import java.util.List;

/**
 * glxc's default seccomp policy, after moby's: no kernel modules, kexec, keyrings, bpf, perf events,
 * handle-based opens, userfaultfd, swap, accounting, raw I/O ports, io_uring, no new user namespaces,
 * personality only for moby's personas, no AF_VSOCK sockets;
 * clone3 answers ENOSYS so libc falls back to clone, whose flags the filter can see. Numbers the
 * syscall table does not know (its holes, and calls newer than it) answer ENOSYS, as runc does, so the
 * profile allows only calls it knows while libc still falls back from new ones.
 */
public final class DefaultProfile {
    private static final int CLONE_NEWUSER = 0x10000000, AF_VSOCK = 40;
    /** moby's personas: PER_LINUX, PER_LINUX32, UNAME26, PER_LINUX32|UNAME26, and the query 0xffffffff. */
    static final List<Integer> PERSONAS = List.of(0x0, 0x8, 0x20000, 0x20008, 0xffffffff);
    public static final List<String> DENIED = List.of("kexec_load", "kexec_file_load", "init_module", "finit_module",
            "delete_module", "create_module", "get_kernel_syms", "query_module", "keyctl", "add_key", "request_key", "bpf",
            "perf_event_open", "open_by_handle_at", "userfaultfd", "lookup_dcookie", "acct", "swapon", "swapoff", "uselib",
            "ustat", "sysfs", "_sysctl", "nfsservctl", "iopl", "ioperm", "fanotify_init", "kcmp", "syslog",
            "io_uring_setup", "io_uring_enter", "io_uring_register");

    private DefaultProfile() {}

    /** The default filter never changes: compiled once per JVM (about half a millisecond saved per start). */
    private static final class Compiled {
        static final String HEX = SeccompFilter.compile(policy()).hex();
    }

    public static String filterHex() {
        return Compiled.HEX;
    }

    public static SeccompPolicy policy() {
        SeccompPolicy.Builder b = new SeccompPolicy.Builder();
        for (String name : DENIED) b.rule(name, SeccompPolicy.errno(SeccompFilter.EPERM));
        b.rule("clone3", SeccompPolicy.errno(SeccompFilter.ENOSYS));
        b.ruleWhenBits("clone", 0, CLONE_NEWUSER, SeccompPolicy.errno(SeccompFilter.EPERM));
        b.ruleWhenBits("unshare", 0, CLONE_NEWUSER, SeccompPolicy.errno(SeccompFilter.EPERM));
        b.ruleUnlessOneOf("personality", 0, PERSONAS, SeccompPolicy.errno(SeccompFilter.EPERM));   // no READ_IMPLIES_EXEC, no ADDR_NO_RANDOMIZE
        b.ruleWhenOneOf("socket", 0, List.of(AF_VSOCK), SeccompPolicy.errno(SeccompFilter.EPERM));     // the hypervisor's sockets stay the host's
        for (int[] hole : Syscalls.holes(Syscalls.highest())) b.range(hole[0], hole[1], SeccompPolicy.errno(SeccompFilter.ENOSYS));
        b.range(Syscalls.highest() + 1, 0x3fffffff, SeccompPolicy.errno(SeccompFilter.ENOSYS));
        return b.build(SeccompPolicy.ALLOW);
    }
}
