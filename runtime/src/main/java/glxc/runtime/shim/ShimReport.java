package glxc.runtime.shim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** What the shim wrote when setup finished: ok with init's pid, or the step and errno that failed. */
public record ShimReport(boolean ok, String step, int errno, String message, int initPid, long initStart, int monitorPid) {

    public static Optional<ShimReport> read(Path file) {
        Map<String, String> f = new HashMap<>();
        try {
            for (String line : Files.readString(file).split("\n")) {
                int tab = line.indexOf('\t');
                if (tab > 0) f.put(line.substring(0, tab), line.substring(tab + 1));
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(new ShimReport("ok".equals(f.get("status")), f.getOrDefault("step", "shim"),
                Integer.parseInt(f.getOrDefault("errno", "0")), f.getOrDefault("message", ""),
                Integer.parseInt(f.getOrDefault("initpid", "0")), Long.parseLong(f.getOrDefault("initstart", "0")),
                Integer.parseInt(f.getOrDefault("monitorpid", "0"))));
    }
}
