package glxc.cli;

/**
 * Figures as lxc-info prints them: "1.20 MiB", "0.35 seconds"; raw with -H. Formatted by hand: the
 * first String.format of a float loads the JDK's locale data, about 13 ms of a cold command.
 */
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
        return u == 0 ? n + " bytes" : twoDecimals(v) + " " + units[u];
    }

    static String seconds(long nanos, boolean raw) {
        return raw ? Long.toString(nanos) : twoDecimals(nanos / 1e9) + " seconds";
    }

    static String twoDecimals(double v) {
        long hundredths = Math.round(v * 100);
        long frac = hundredths % 100;
        return hundredths / 100 + (frac < 10 ? ".0" : ".") + frac;
    }

    /** s padded with spaces to width (left-aligned). */
    static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
