package glxc.runtime.seccomp;

import glxc.runtime.api.ConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.ArrayList;

/**
 * LXC's seccomp profile files (lxc.seccomp.profile): version 1 (syscall numbers to allow, anything else
 * kills) and version 2 (an allowlist or denylist, optional default action, reject_force_umount, rules
 * by name under [all] / [x86_64] sections; rules for LXC's other architecture sections are skipped,
 * the filter kills any other architecture anyway; calls the table lacks are skipped, as LXC skips
 * them). Argument conditions are refused by line.
 */
public final class LxcSeccompProfile {
    private static final int MNT_FORCE = 1, EACCES = 13, KILL_THREAD = 0;
    private static final List<String> LXC_SECTIONS = List.of("all", "x86_64", "i386", "x32", "arm", "armel", "armhf", "arm64",
            "aarch64", "mips", "mips64", "mips64n32", "mipsel", "mipsel64", "mipsel64n32", "ppc", "ppc64", "ppc64le", "s390x", "riscv64");

    private LxcSeccompProfile() {}

    public static SeccompPolicy read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new ConfigException(file, 0, "lxc.seccomp.profile", "cannot read the profile: " + e.getMessage());
        }
        if (lines.isEmpty()) throw new ConfigException(file, 1, null, "empty seccomp profile (expected version 1 or 2 on the first line)");
        String version = lines.get(0).trim();
        SeccompPolicy.Builder b = new SeccompPolicy.Builder();
        if (version.equals("1")) {   // line 2 says allowlist, then syscall numbers
            String kind = lines.size() > 1 ? strip(lines.get(1)) : "";
            if (!kind.equals("allowlist") && !kind.equals("whitelist"))
                throw new ConfigException(file, 2, null, "a version 1 profile is an allowlist, found '" + kind + "'");
            for (int i = 2; i < lines.size(); i++) {
                String l = strip(lines.get(i));
                if (l.isEmpty()) continue;
                if (!l.matches("\\d+")) throw new ConfigException(file, i + 1, null, "version 1 profiles list syscall numbers, found '" + l + "'");
                b.rules().add(new SeccompPolicy.Rule(Integer.parseInt(l), SeccompPolicy.ALLOW, -1, 0));
            }
            return b.build(SeccompPolicy.KILL_PROCESS);
        }
        if (!version.equals("2")) throw new ConfigException(file, 1, null, "unknown seccomp profile version '" + version + "' (1 or 2)");
        if (lines.size() < 2) throw new ConfigException(file, 2, null, "expected allowlist or denylist");
        String[] mode = strip(lines.get(1)).split("\\s+");
        boolean allowlist = switch (mode[0]) {
            case "allowlist", "whitelist" -> true;
            case "denylist", "blacklist" -> false;
            default -> throw new ConfigException(file, 2, null, "expected allowlist or denylist, found '" + mode[0] + "'");
        };
        int defaultAction = allowlist ? SeccompPolicy.KILL_PROCESS : SeccompPolicy.ALLOW;
        if (mode.length > 1) defaultAction = action(file, 2, mode, 1);
        int ruleAction = allowlist ? SeccompPolicy.ALLOW : KILL_THREAD;
        List<SeccompPolicy.Rule> conditional = new ArrayList<>();
        boolean applies = true;
        for (int i = 2; i < lines.size(); i++) {
            String l = strip(lines.get(i));
            if (l.isEmpty()) continue;
            if (l.startsWith("[")) {
                String arch = l.replaceAll("[\\[\\]]", "").trim().toLowerCase(Locale.ROOT);
                if (!LXC_SECTIONS.contains(arch)) throw new ConfigException(file, i + 1, null, "unknown architecture section [" + arch + "] (LXC's: " + String.join(", ", LXC_SECTIONS) + ")");
                applies = arch.equals("all") || arch.equals("x86_64");
                continue;
            }
            if (!applies) continue;
            if (l.equals("reject_force_umount")) {   // argument rules go first, or a plain umount2 line would shadow them
                conditional.add(new SeccompPolicy.Rule(Syscalls.number("umount2"), SeccompPolicy.errno(EACCES), 1, MNT_FORCE));
                continue;
            }
            String[] f = l.split("\\s+");
            if (f.length > 1 && f[f.length - 1].startsWith("["))
                throw new ConfigException(file, i + 1, null, "argument conditions (" + f[f.length - 1] + ") are not supported yet");
            if (!Syscalls.exists(f[0])) continue;   // as LXC: a call this architecture (or glxc's table) lacks is skipped
            b.rule(f[0], f.length > 1 ? action(file, i + 1, f, 1) : ruleAction);
        }
        b.rules().addAll(0, conditional);
        return b.build(defaultAction);
    }

    private static int action(Path file, int line, String[] f, int at) {
        return switch (f[at]) {
            case "allow" -> SeccompPolicy.ALLOW;
            case "kill" -> KILL_THREAD;   // libseccomp's SCMP_ACT_KILL, as LXC uses it
            case "trap" -> SeccompPolicy.TRAP;
            case "errno" -> {
                if (f.length <= at + 1 || !f[at + 1].matches("\\d+")) throw new ConfigException(file, line, null, "errno needs a number");
                yield SeccompPolicy.errno(Integer.parseInt(f[at + 1]));
            }
            default -> throw new ConfigException(file, line, null, "unknown seccomp action '" + f[at] + "' (allow, kill, trap, errno N)");
        };
    }

    private static String strip(String l) {
        int hash = l.indexOf('#');
        return (hash >= 0 ? l.substring(0, hash) : l).trim();
    }
}
