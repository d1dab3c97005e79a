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
 * io.weight runc's linear map of [10, 1000] onto [1, 10000]; "-1" and "max" are both "no limit".
 */
public final class Translation {
    /** One write: a file (in the controller's folder) and its value. */
    public record Write(String file, String value) {}

    private record Entry(Pattern v1, Pattern v2, String v1Name, String v2Name, UnaryOperator<String> toV2, UnaryOperator<String> toV1) {}

    private static final List<Entry> TABLE = new ArrayList<>();

    static {
        same("cpuset.cpus", "cpuset.cpus");
        same("cpuset.mems", "cpuset.mems");
        same("pids.max", "pids.max");
        // the kernel's own scale: weight 100 is 1024 shares (sched_weight_from_cgroup)
        entry("cpu.shares", "cpu.weight", v -> Long.toString(Math.max(1, Math.min(10000, Math.round(number(v) * 100 / 1024.0)))),
                v -> Long.toString(Math.max(2, Math.round(number(v) * 1024 / 100.0))));
        entry("memory.limit_in_bytes", "memory.max", Translation::limitToV2, Translation::limitToV1);
        entry("memory.soft_limit_in_bytes", "memory.low", Translation::limitToV2, Translation::limitToV1);
        entry("blkio.weight", "io.weight", v -> Long.toString(1 + ((number(v) - 10) * 9999) / 990), v -> Long.toString(10 + ((number(v) - 1) * 990) / 9999));
        entry("freezer.state", "cgroup.freeze", v -> v.equalsIgnoreCase("FROZEN") ? "1" : "0", v -> v.equals("1") ? "FROZEN" : "THAWED");
        TABLE.add(new Entry(Pattern.compile("hugetlb\\.([0-9]+[KMG]B)\\.limit_in_bytes"), Pattern.compile("hugetlb\\.([0-9]+[KMG]B)\\.max"),
                "hugetlb.$1.limit_in_bytes", "hugetlb.$1.max", Translation::limitToV2, Translation::limitToV1));
        for (String[] io : new String[][] {{"read_bps_device", "rbps"}, {"write_bps_device", "wbps"}, {"read_iops_device", "riops"}, {"write_iops_device", "wiops"}})
            entry("blkio.throttle." + io[0], "io.max", v -> device(v) + " " + io[1] + "=" + limitToV2(amount(v)), null);
    }

    private Translation() {}

    private static void same(String v1, String v2) {
        entry(v1, v2, UnaryOperator.identity(), UnaryOperator.identity());
    }

    private static void entry(String v1, String v2, UnaryOperator<String> toV2, UnaryOperator<String> toV1) {
        TABLE.add(new Entry(Pattern.compile(Pattern.quote(v1)), Pattern.compile(Pattern.quote(v2)), v1, v2, toV2, toV1));
    }

    /** The writes in version `to` equivalent to file = value of the other version; empty if none exists. */
    public static List<Write> translate(String file, String value, int to) {
        for (Entry e : TABLE) {
            Matcher m = (to == 2 ? e.v1 : e.v2).matcher(file);
            if (!m.matches()) continue;
            UnaryOperator<String> convert = to == 2 ? e.toV2 : e.toV1;
            if (convert == null) return List.of();
            String target = m.replaceFirst(to == 2 ? e.v2Name : e.v1Name);
            return List.of(new Write(target, convert.apply(value.trim())));
        }
        if (to == 2 && file.equals("cpu.cfs_quota_us")) return List.of(new Write("cpu.max", (number(value) < 0 ? "max" : value.trim()) + " 100000"));
        if (to == 1 && file.equals("cpu.max")) {
            String[] f = value.trim().split("\\s+");
            List<Write> out = new ArrayList<>();
            if (f.length > 1) out.add(new Write("cpu.cfs_period_us", f[1]));
            out.add(new Write("cpu.cfs_quota_us", f[0].equals("max") ? "-1" : f[0]));
            return out;
        }
        return List.of();
    }

    /** The name a file has in the other version, for `glxc cgroup` reads; null if none. */
    public static String counterpart(String file, int to) {
        List<Write> w = translate(file, file.startsWith("freezer") ? "THAWED" : file.equals("cgroup.freeze") ? "0" : "1", to);
        return w.isEmpty() ? null : w.get(w.size() - 1).file();
    }

    /** Converts a value read from a file of one version into the other version's form (for reads). */
    public static String convertRead(String fileRead, String value, int readVersion) {
        List<Write> w = translate(fileRead, value, readVersion == 2 ? 1 : 2);
        return w.isEmpty() ? value : w.get(w.size() - 1).value();
    }

    static String limitToV2(String v) {
        return v.equals("-1") ? "max" : v;
    }

    static String limitToV1(String v) {
        return v.equals("max") ? "-1" : v;
    }

    private static String device(String v) {
        return v.trim().split("\\s+")[0];
    }

    private static String amount(String v) {
        String[] f = v.trim().split("\\s+");
        return f.length > 1 ? f[1] : "max";
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
