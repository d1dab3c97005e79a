package glxc.runtime.shim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** What the shim wrote when setup failed: the step, the errno and a message. No report means success. */
public record ShimReport(String step, int errno, String message) {

    /** Reads and removes the report; empty when there is none (the shim succeeded). */
    public static Optional<ShimReport> take(Path file) {
        Map<String, String> f = new HashMap<>();
        try {
            for (String line : Files.readString(file).split("\n")) {
                int tab = line.indexOf('\t');
                if (tab > 0) f.put(line.substring(0, tab), line.substring(tab + 1));
            }
            Files.deleteIfExists(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(new ShimReport("report", 0, "cannot read " + file + ": " + e.getMessage()));
        }
        return Optional.of(new ShimReport(f.getOrDefault("step", "shim"), Integer.parseInt(f.getOrDefault("errno", "0")),
                f.getOrDefault("message", "")));
    }
}
