package glxc.runtime.seccomp;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A policy compiled to classic BPF, handed to the shim as bytes (no libseccomp at run time). It checks
 * the architecture first (another one is killed: its syscall numbers mean other calls) and refuses the
 * x32 ABI, then applies the rules in order, then the default action.
 */
public final class SeccompFilter {
    private static final int LD_W_ABS = 0x20, JEQ = 0x15, JGT = 0x25, JGE = 0x35, JSET = 0x45, RET = 0x06;
    private static final int AUDIT_ARCH_X86_64 = 0xc000003e, X32_BIT = 0x40000000;
    private static final int OFFSET_NR = 0, OFFSET_ARCH = 4, OFFSET_ARGS = 16;
    public static final int EPERM = 1, ENOSYS = 38;

    private record Insn(int code, int jt, int jf, int k) {}

    private final List<Insn> program = new ArrayList<>();

    public static SeccompFilter compile(SeccompPolicy policy) {
        SeccompFilter f = new SeccompFilter();
        f.add(LD_W_ABS, 0, 0, OFFSET_ARCH);
        f.add(JEQ, 1, 0, AUDIT_ARCH_X86_64);
        f.add(RET, 0, 0, SeccompPolicy.KILL_PROCESS);
        f.add(LD_W_ABS, 0, 0, OFFSET_NR);
        f.add(JGE, 0, 1, X32_BIT);
        f.add(RET, 0, 0, SeccompPolicy.errno(EPERM));
        for (SeccompPolicy.Rule r : policy.rules()) {
            if (r.last() != r.syscall()) {
                f.add(JGE, 0, 2, r.syscall());
                f.add(JGT, 1, 0, r.last());
                f.add(RET, 0, 0, r.action());
            } else if (r.argIndex() < 0) {
                f.add(JEQ, 0, 1, r.syscall());
                f.add(RET, 0, 0, r.action());
            } else if (r.test() != SeccompPolicy.Test.BITS) {
                f.compareValues(r);
            } else {
                f.add(JEQ, 0, 4, r.syscall());                    // another call: skip to the next rule, A still nr
                f.add(LD_W_ABS, 0, 0, OFFSET_ARGS + 8 * r.argIndex());
                f.add(JSET, 0, 1, r.mask());
                f.add(RET, 0, 0, r.action());
                f.add(LD_W_ABS, 0, 0, OFFSET_NR);                // bits not set: reload nr for the rules below
            }
        }
        f.add(RET, 0, 0, policy.defaultAction());
        if (f.program.size() > 4096) throw new IllegalArgumentException("the seccomp program has " + f.program.size() + " instructions (the kernel takes 4096)");
        return f;
    }

    /**
     * [JEQ nr] [LD arg] [JEQ v0] .. [JEQ vn-1] [RET action] [LD nr]: ONE_OF jumps to the RET on a match and
     * over it after the last value; NONE_OF jumps over it on a match and falls into it after the last.
     */
    private void compareValues(SeccompPolicy.Rule r) {
        int n = r.values().size();
        if (n == 0 || n > 200) throw new IllegalArgumentException("a seccomp rule compares with 1 to 200 values, not " + n);
        boolean oneOf = r.test() == SeccompPolicy.Test.ONE_OF;
        add(JEQ, 0, n + 3, r.syscall());                      // another call: past the block, A still nr
        add(LD_W_ABS, 0, 0, OFFSET_ARGS + 8 * r.argIndex());
        for (int k = 0; k < n; k++) {
            int toRet = n - 1 - k, toReload = n - k;
            if (oneOf) add(JEQ, toRet, k == n - 1 ? 1 : 0, r.values().get(k));
            else add(JEQ, toReload, 0, r.values().get(k));
        }
        add(RET, 0, 0, r.action());
        add(LD_W_ABS, 0, 0, OFFSET_NR);                      // no action: reload nr for the rules below
    }

    private void add(int code, int jt, int jf, int k) {
        program.add(new Insn(code, jt, jf, k));
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
