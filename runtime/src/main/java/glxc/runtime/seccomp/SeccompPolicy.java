package glxc.runtime.seccomp;

import java.util.ArrayList;
import java.util.List;

/**
 * What a seccomp filter does, independent of BPF: a default action and rules, each for one syscall,
 * optionally only when an argument has some bits set (CLONE_NEWUSER in clone's flags, MNT_FORCE in
 * umount2's), equals one of some values (socket's AF_VSOCK), or equals none of them (personality's
 * allowed personas, as moby's profile has them).
 */
public record SeccompPolicy(int defaultAction, List<Rule> rules) {
    public static final int ALLOW = 0x7fff0000, KILL_PROCESS = 0x80000000, TRAP = 0x00030000;

    public static int errno(int errno) {
        return 0x00050000 | (errno & 0xffff);
    }

    /** How a rule's argument is tested: bits of a mask set, equal to one of values, or equal to none of them. */
    public enum Test { BITS, ONE_OF, NONE_OF }

    /**
     * A rule for syscall numbers syscall..last (one number when they are equal); argIndex -1: always,
     * otherwise only when args[argIndex] (low 32 bits) passes test: (arg & mask) != 0, or arg is (not)
     * one of values.
     */
    public record Rule(int syscall, int last, int action, int argIndex, int mask, Test test, List<Integer> values) {
        public Rule {
            values = values == null ? List.of() : List.copyOf(values);
            if (test == null) test = Test.BITS;
        }

        public Rule(int syscall, int last, int action, int argIndex, int mask) {
            this(syscall, last, action, argIndex, mask, Test.BITS, List.of());
        }

        public Rule(int syscall, int action, int argIndex, int mask) {
            this(syscall, syscall, action, argIndex, mask);
        }
    }

    public SeccompPolicy {
        rules = List.copyOf(rules);
    }

    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();

        List<Rule> rules() {
            return rules;
        }

        public Builder rule(String syscall, int action) {
            rules.add(new Rule(Syscalls.number(syscall), action, -1, 0));
            return this;
        }

        /** Every number from first to last (for the holes and the end of the syscall table). */
        public Builder range(int first, int last, int action) {
            rules.add(new Rule(first, last, action, -1, 0));
            return this;
        }

        public Builder ruleWhenBits(String syscall, int argIndex, int mask, int action) {
            rules.add(new Rule(Syscalls.number(syscall), action, argIndex, mask));
            return this;
        }

        /** The action when the argument is one of values. */
        public Builder ruleWhenOneOf(String syscall, int argIndex, List<Integer> values, int action) {
            int nr = Syscalls.number(syscall);
            rules.add(new Rule(nr, nr, action, argIndex, 0, Test.ONE_OF, values));
            return this;
        }

        /** The action unless the argument is one of values. */
        public Builder ruleUnlessOneOf(String syscall, int argIndex, List<Integer> values, int action) {
            int nr = Syscalls.number(syscall);
            rules.add(new Rule(nr, nr, action, argIndex, 0, Test.NONE_OF, values));
            return this;
        }

        public SeccompPolicy build(int defaultAction) {
            return new SeccompPolicy(defaultAction, rules);
        }
    }
}
