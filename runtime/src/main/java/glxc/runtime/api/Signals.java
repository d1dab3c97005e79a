package glxc.runtime.api;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Linux signal numbers by name, accepting LXC's spellings: SIGPWR, PWR, 30, SIGRTMIN+3. */
public final class Signals {
    private static final Map<String, Integer> BY_NAME = new LinkedHashMap<>();
    public static final int SIGHUP = 1, SIGINT = 2, SIGKILL = 9, SIGUSR1 = 10, SIGTERM = 15, SIGPWR = 30;
    private static final int SIGRTMIN = 34, SIGRTMAX = 64;

    static {
        String[] names = {"HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
                "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU",
                "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};
        for (int i = 0; i < names.length; i++) BY_NAME.put(names[i], i + 1);
    }

    private Signals() {}

    /** Parses a signal; throws IllegalArgumentException naming the value when it is not one. */
    public static int parse(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        if (s.matches("\\d+")) {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= SIGRTMAX) return n;
            throw new IllegalArgumentException("no such signal: " + text);
        }
        if (s.startsWith("SIG")) s = s.substring(3);
        if (s.startsWith("RTMIN") || s.startsWith("RTMAX")) {
            int base = s.startsWith("RTMIN") ? SIGRTMIN : SIGRTMAX;
            String rest = s.substring(5);
            int n = rest.isEmpty() ? base : base + Integer.parseInt(rest.replace("+", ""));
            if (n >= SIGRTMIN && n <= SIGRTMAX) return n;
        }
        Integer n = BY_NAME.get(s);
        if (n == null) throw new IllegalArgumentException("no such signal: " + text);
        return n;
    }

    public static String name(int sig) {
        for (Map.Entry<String, Integer> e : BY_NAME.entrySet()) if (e.getValue() == sig) return "SIG" + e.getKey();
        return sig >= SIGRTMIN ? "SIGRTMIN+" + (sig - SIGRTMIN) : Integer.toString(sig);
    }
}
