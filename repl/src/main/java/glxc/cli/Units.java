package glxc.cli;

import java.util.Locale;

/** Figures as lxc-info prints them: "1.20 MiB", "0.35 seconds"; raw with -H. */
final class Units {
    private Units() {}

    static String bytes(long n, boolean raw) {
        if (raw) return Long.toString(n);
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " bytes" : String.format(Locale.ROOT, "%.2f %s", v, units[u]);
    }

    static String seconds(long nanos, boolean raw) {
        return raw ? Long.toString(nanos) : String.format(Locale.ROOT, "%.2f seconds", nanos / 1e9);
    }
}
