package glxc.runtime.seccomp;

import java.util.ArrayList;
import java.util.List;

/**
 * What a seccomp filter does, independent of BPF: a default action and rules, each for one syscall,
 * optionally only when an argument has some bits set (the kind of condition glxc's filters need:
 * CLONE_NEWUSER in clone's flags, MNT_FORCE in umount2's).
 */
public record SeccompPolicy(int defaultAction, List<Rule> rules) {
    public static final int ALLOW = 0x7fff0000, KILL_PROCESS = 0x80000000, TRAP = 0x00030000;

    public static int errno(int errno) {
        return 0x00050000 | (errno & 0xffff);
    }

    /**
     * A rule for syscall numbers syscall..last (one number when they are equal); argIndex -1: always,
     * otherwise only when (args[argIndex] & mask) != 0 (low 32 bits).
     */
    public record Rule(int syscall, int last, int action, int argIndex, int mask) {
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

        public SeccompPolicy build(int defaultAction) {
            return new SeccompPolicy(defaultAction, rules);
        }
    }
}
