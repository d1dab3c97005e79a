package glxc.runtime.seccomp;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A classic-BPF seccomp program, built in Java and handed to the shim as bytes (no libseccomp at run
 * time). It checks the architecture (another one is killed: its syscall numbers mean other calls),
 * refuses the x32 ABI, returns an errno for each denied call, and refuses clone/unshare that would make
 * a user namespace.
 */
public final class SeccompFilter {
    private static final int LD_W_ABS = 0x20, JEQ = 0x15, JGE = 0x35, JSET = 0x45, RET = 0x06;
    private static final int RET_ALLOW = 0x7fff0000, RET_KILL_PROCESS = 0x80000000, RET_ERRNO = 0x00050000;
    private static final int AUDIT_ARCH_X86_64 = 0xc000003e, X32_BIT = 0x40000000;
    private static final int OFFSET_NR = 0, OFFSET_ARCH = 4, OFFSET_ARG0 = 16;
    private static final int CLONE_NEWUSER = 0x10000000;
    public static final int EPERM = 1, ENOSYS = 38;

    private record Insn(int code, int jt, int jf, int k) {}

    private final List<Insn> program = new ArrayList<>();

    /** denied: syscall number to errno; newUserNamespaces false also refuses clone/unshare with CLONE_NEWUSER. */
    public static SeccompFilter build(Map<Integer, Integer> denied, boolean newUserNamespaces) {
        SeccompFilter f = new SeccompFilter();
        f.add(LD_W_ABS, 0, 0, OFFSET_ARCH);
        f.add(JEQ, 1, 0, AUDIT_ARCH_X86_64);
        f.add(RET, 0, 0, RET_KILL_PROCESS);
        f.add(LD_W_ABS, 0, 0, OFFSET_NR);
        f.add(JGE, 0, 1, X32_BIT);
        f.add(RET, 0, 0, RET_ERRNO | EPERM);
        denied.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            f.add(JEQ, 0, 1, e.getKey());
            f.add(RET, 0, 0, RET_ERRNO | e.getValue());
        });
        if (!newUserNamespaces)
            for (int nr : new int[] {Syscalls.number("clone"), Syscalls.number("unshare")}) {
                f.add(JEQ, 0, 4, nr);             // not this call: skip the four below, A still holds nr
                f.add(LD_W_ABS, 0, 0, OFFSET_ARG0);
                f.add(JSET, 0, 1, CLONE_NEWUSER);
                f.add(RET, 0, 0, RET_ERRNO | EPERM);
                f.add(RET, 0, 0, RET_ALLOW);
            }
        f.add(RET, 0, 0, RET_ALLOW);
        return f;
    }

    private void add(int code, int jt, int jf, int k) {
        program.add(new Insn(code, jt, jf, k));
    }

    public int length() {
        return program.size();
    }

    /** struct sock_filter[] as the kernel reads it (little-endian x86_64), in hex for the shim's spec. */
    public String hex() {
        byte[] b = new byte[program.size() * 8];
        for (int i = 0; i < program.size(); i++) {
            Insn in = program.get(i);
            int o = i * 8;
            b[o] = (byte) in.code;
            b[o + 1] = (byte) (in.code >> 8);
            b[o + 2] = (byte) in.jt;
            b[o + 3] = (byte) in.jf;
            for (int j = 0; j < 4; j++) b[o + 4 + j] = (byte) (in.k >> (8 * j));
        }
        return HexFormat.of().formatHex(b);
    }
}
