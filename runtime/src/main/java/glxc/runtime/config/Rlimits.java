package glxc.runtime.config;

import java.util.List;

/** lxc.prlimit.NAME: the resource names (RLIMIT_ order) and LXC's value forms N, SOFT:HARD, unlimited. */
public final class Rlimits {
    public static final List<String> NAMES = List.of("cpu", "fsize", "data", "stack", "core", "rss", "nproc",
            "nofile", "memlock", "as", "locks", "sigpending", "msgqueue", "nice", "rtprio", "rttime");

    public record Limit(int resource, String soft, String hard) {}

    private Rlimits() {}

    public static Limit parse(String key, String value) {
        String name = key.substring("lxc.prlimit.".length());
        int resource = NAMES.indexOf(name);
        if (resource < 0) throw new IllegalArgumentException("no such resource limit '" + name + "' (one of " + String.join(", ", NAMES) + ")");
        String[] v = parseValue(value);
        return new Limit(resource, v[0], v[1]);
    }

    static String[] parseValue(String value) {
        String[] parts = value.split(":", -1);
        if (parts.length > 2) throw new IllegalArgumentException("expected N, SOFT:HARD or unlimited, found '" + value + "'");
        for (String p : parts)
            if (!p.equals("unlimited") && !p.matches("\\d+"))
                throw new IllegalArgumentException("expected N, SOFT:HARD or unlimited, found '" + value + "'");
        return new String[] {parts[0], parts.length == 2 ? parts[1] : parts[0]};
    }
}
