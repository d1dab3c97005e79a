package glxc.runtime.cgroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cgroup files that mean the same thing in v1 and v2, and how their values convert: one table, read
 * both ways. cpu.shares/cpu.weight use the kernel's scale (1024 shares = weight 100); blkio.weight/
 * io.weight runc's linear map of [10, 1000] onto [1, 10000]; "-1" and "max" are both "no limit". Files
 * that split or merge across versions (cpu quota and period, memory+swap, block throttles) look up the
 * value of their sibling file through {@link Siblings}.
 */
public final class Translation {
    /** One write: a file (in the controller's folder) and its value. */
    public record Write(String file, String value) {}

    /** The value another file has in the same config (or live), for files that combine; null if unset. */
    public interface Siblings {
        String get(String file);

        Siblings NONE = f -> null;
    }

    private record Entry(Pattern v1, Pattern v2, String v1Name, String v2Name, UnaryOperator<String> toV2, UnaryOperator<String> toV1) {}

    private static final List<Entry> TABLE = new ArrayList<>();
    private static final long UNLIMITED_V1 = 1L << 62;
    private static final String[][] THROTTLES = {{"read_bps_device", "rbps"}, {"write_bps_device", "wbps"},
            {"read_iops_device", "riops"}, {"write_iops_device", "wiops"}};

    static {
        same("cpuset.cpus", "cpuset.cpus");
        same("cpuset.mems", "cpuset.mems");
        entry("pids.max", "pids.max", Translation::limitToV2, Translation::limitToV1);
        // the kernel's own scale: weight 100 is 1024 shares (sched_weight_from_cgroup)
        entry("cpu.shares", "cpu.weight", v -> Long.toString(Math.max(1, Math.min(10000, Math.round(number(v) * 100 / 1024.0)))),
                v -> Long.toString(Math.max(2, Math.round(number(v) * 1024 / 100.0))));
        entry("memory.limit_in_bytes", "memory.max", Translation::limitToV2, Translation::limitToV1);
        entry("memory.soft_limit_in_bytes", "memory.low", Translation::limitToV2, Translation::limitToV1);
        entry("blkio.weight", "io.weight", v -> Long.toString(1 + ((number(v) - 10) * 9999) / 990),
                v -> Long.toString(10 + ((number(ioWeightDefault(v)) - 1) * 990) / 9999));
        entry("freezer.state", "cgroup.freeze", v -> v.equalsIgnoreCase("FROZEN") ? "1" : "0", v -> v.equals("1") ? "FROZEN" : "THAWED");
        TABLE.add(new Entry(Pattern.compile("hugetlb\\.([0-9]+[KMG]B)\\.limit_in_bytes"), Pattern.compile("hugetlb\\.([0-9]+[KMG]B)\\.max"),
                "hugetlb.$1.limit_in_bytes", "hugetlb.$1.max", Translation::limitToV2, Translation::limitToV1));
    }

    private Translation() {}

    private static void same(String v1, String v2) {
        entry(v1, v2, UnaryOperator.identity(), UnaryOperator.identity());
    }

    private static void entry(String v1, String v2, UnaryOperator<String> toV2, UnaryOperator<String> toV1) {
        TABLE.add(new Entry(Pattern.compile(Pattern.quote(v1)), Pattern.compile(Pattern.quote(v2)), v1, v2, toV2, toV1));
    }

    public static List<Write> translate(String file, String value, int to) {
        return translate(file, value, to, Siblings.NONE);
    }

    /** The writes in version `to` equivalent to file = value of the other version; empty if none exists. */
    public static List<Write> translate(String file, String value, int to, Siblings siblings) {
        String v = value.trim();
        for (Entry e : TABLE) {
            Matcher m = (to == 2 ? e.v1 : e.v2).matcher(file);
            if (m.matches()) return List.of(new Write(m.replaceFirst(to == 2 ? e.v2Name : e.v1Name), (to == 2 ? e.toV2 : e.toV1).apply(v)));
        }
        return to == 2 ? combinedToV2(file, v, siblings) : combinedToV1(file, v, siblings);
    }

    private static List<Write> combinedToV2(String file, String v, Siblings s) {
        switch (file) {
            case "cpu.cfs_quota_us" -> {
                return List.of(new Write("cpu.max", quota(v) + " " + orElse(s.get("cpu.cfs_period_us"), "100000")));
            }
            case "cpu.cfs_period_us" -> {
                return List.of(new Write("cpu.max", quota(orElse(s.get("cpu.cfs_quota_us"), "-1")) + " " + v));
            }
            case "memory.memsw.limit_in_bytes" -> {
                String limit = s.get("memory.limit_in_bytes");
                if (v.equals("-1") || v.equals("max")) return List.of(new Write("memory.swap.max", "max"));
                if (limit == null || limit.equals("-1") || limit.equals("max"))
                    throw new IllegalArgumentException("memory.memsw.limit_in_bytes (memory + swap) translates to memory.swap.max only with memory.limit_in_bytes set too");
                return List.of(new Write("memory.swap.max", Long.toString(Math.max(0, number(v) - number(limit)))));
            }
            default -> { }
        }
        for (String[] t : THROTTLES)
            if (file.equals("blkio.throttle." + t[0])) {
                String[] f = v.split("\\s+");
                if (f.length != 2) throw new IllegalArgumentException("expected 'MAJOR:MINOR VALUE', found '" + v + "'");
                return List.of(new Write("io.max", f[0] + " " + t[1] + "=" + (f[1].equals("0") ? "max" : f[1])));
            }
        return List.of();
    }

    private static List<Write> combinedToV1(String file, String v, Siblings s) {
        switch (file) {
            case "cpu.max" -> {
                String[] f = v.split("\\s+");
                List<Write> out = new ArrayList<>();
                if (f.length > 1) out.add(new Write("cpu.cfs_period_us", f[1]));
                out.add(new Write("cpu.cfs_quota_us", f[0].equals("max") ? "-1" : f[0]));
                return out;
            }
            case "memory.swap.max" -> {
                String max = s.get("memory.max");
                if (v.equals("max")) return List.of(new Write("memory.memsw.limit_in_bytes", "-1"));
                if (max == null || max.equals("max") || max.equals("-1"))
                    throw new IllegalArgumentException("memory.swap.max translates to memory.memsw.limit_in_bytes (memory + swap) only with memory.max set too");
                return List.of(new Write("memory.memsw.limit_in_bytes", Long.toString(number(max) + number(v))));
            }
            case "io.max" -> {
                String[] f = v.split("\\s+");
                List<Write> out = new ArrayList<>();
                for (int i = 1; i < f.length; i++)
                    for (String[] t : THROTTLES)
                        if (f[i].startsWith(t[1] + "=")) {
                            String n = f[i].substring(t[1].length() + 1);
                            out.add(new Write("blkio.throttle." + t[0], f[0] + " " + (n.equals("max") ? "0" : n)));
                        }
                return out;
            }
            default -> {
                return List.of();
            }
        }
    }

    /** The name a file has in the other version (for reads); null if none. */
    public static String counterpart(String file, int to) {
        for (Entry e : TABLE) {
            Matcher m = (to == 2 ? e.v1 : e.v2).matcher(file);
            if (m.matches()) return m.replaceFirst(to == 2 ? e.v2Name : e.v1Name);
        }
        if (to == 2 && (file.equals("cpu.cfs_quota_us") || file.equals("cpu.cfs_period_us"))) return "cpu.max";
        if (to == 2 && file.equals("memory.memsw.limit_in_bytes")) return "memory.swap.max";
        if (to == 1 && file.equals("memory.swap.max")) return "memory.memsw.limit_in_bytes";
        return null;
    }

    /** Whether file is a name cgroup v2 uses (so it translates to v1), as opposed to a v1 name. */
    public static boolean isV2Name(String file) {
        return counterpart(file, 1) != null || file.equals("cpu.max") || file.equals("io.max");
    }

    /** Converts a value read from fileRead (of readVersion) into the form of the other version's file. */
    public static String convertRead(String fileRead, String value, int readVersion, String wanted) {
        String v = value.trim();
        if (readVersion == 1 && v.matches("\\d+") && Long.parseLong(v) >= UNLIMITED_V1) v = "-1";   // v1 writes "no limit" as a huge number
        if (readVersion == 2 && fileRead.equals("cpu.max")) {
            String[] f = v.split("\\s+");
            return wanted.equals("cpu.cfs_period_us") ? (f.length > 1 ? f[1] : "100000") : (f[0].equals("max") ? "-1" : f[0]);
        }
        if (readVersion == 1 && wanted.equals("cpu.max")) return v;   // a v1 quota or period alone does not make a cpu.max
        List<Write> w = translate(fileRead, v, readVersion == 2 ? 1 : 2);
        return w.isEmpty() ? v : w.get(w.size() - 1).value();
    }

    static String limitToV2(String v) {
        return v.equals("-1") ? "max" : v;
    }

    static String limitToV1(String v) {
        return v.equals("max") ? "-1" : v;
    }

    private static String quota(String v) {
        return v.equals("-1") ? "max" : v;
    }

    private static String orElse(String v, String fallback) {
        return v == null ? fallback : v;
    }

    /** io.weight reads "default 100" (plus per-device lines). */
    private static String ioWeightDefault(String v) {
        for (String line : v.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2 && f[0].equals("default")) return f[1];
            if (f.length == 1) return f[0];
        }
        return v;
    }

    /** A plain number, or a size with K/M/G/T suffix (as memory limits take them). */
    public static long number(String v) {
        String s = v.trim().toUpperCase(Locale.ROOT);
        long mult = 1;
        if (s.endsWith("B")) s = s.substring(0, s.length() - 1);
        if (s.endsWith("K")) mult = 1L << 10;
        else if (s.endsWith("M")) mult = 1L << 20;
        else if (s.endsWith("G")) mult = 1L << 30;
        else if (s.endsWith("T")) mult = 1L << 40;
        if (mult > 1) s = s.substring(0, s.length() - 1);
        try {
            return Long.parseLong(s) * mult;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number, found '" + v + "'");
        }
    }
}
