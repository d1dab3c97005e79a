package glxc.runtime.config;

import java.util.Locale;

/** lxc.mount.auto: which of proc, sys and cgroup glxc mounts for the container, and how. */
public record AutoMounts(String proc, String sys, String cgroup) {
    /** Used when a config says nothing: a working /proc, a read-only /sys, the container's own cgroups read-only. */
    public static final AutoMounts DEFAULT = new AutoMounts("mixed", "ro", "ro");
    public static final AutoMounts NONE = new AutoMounts(null, null, null);

    public static AutoMounts parse(String value) {
        return NONE.with(value);
    }

    /** Adds the modes of one lxc.mount.auto value (several lines accumulate, as in LXC). */
    public AutoMounts with(String value) {
        String p = proc, s = sys, c = cgroup;
        for (String token : value.trim().toLowerCase(Locale.ROOT).split("\\s+")) {
            if (token.isEmpty()) continue;
            String[] kv = token.split(":", 2);
            String mode = kv.length > 1 ? kv[1].replace(":force", "") : null;
            switch (kv[0]) {
                case "proc" -> p = choose(token, mode, "mixed", "mixed", "rw");
                case "sys" -> s = choose(token, mode, "rw", "ro", "mixed", "rw");
                case "cgroup", "cgroup-full" -> c = choose(token, mode, "mixed", "ro", "mixed", "rw");
                default -> throw new IllegalArgumentException("unknown lxc.mount.auto item '" + token + "' (proc, sys, cgroup with :ro, :mixed or :rw)");
            }
        }
        return new AutoMounts(p, s, c);
    }

    private static String choose(String token, String mode, String fallback, String... allowed) {
        if (mode == null) return fallback;
        for (String a : allowed) if (a.equals(mode)) return mode;
        throw new IllegalArgumentException("unknown mode in lxc.mount.auto item '" + token + "'");
    }
}
