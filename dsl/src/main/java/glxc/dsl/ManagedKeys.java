package glxc.dsl;

import glxc.runtime.api.Container;
import glxc.runtime.api.GlxcException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The settings (key=value) a script set on a container last time (glxc.dsl in its folder), so a setting
 * removed from the script is removed from the container too, and what the template wrote is left alone.
 */
final class ManagedKeys {
    private ManagedKeys() {}

    static Path file(Container c) {
        return c.dir().resolve("glxc.dsl");
    }

    static List<String> read(Container c) {
        try {
            Path f = file(c);
            return Files.exists(f) ? Files.readAllLines(f).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList() : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** A change written to the config while the container ran, waiting for its next start (glxc.dsl-restart). */
    static boolean restartPending(Container c) {
        Path marker = c.dir().resolve("glxc.dsl-restart");
        try {
            return Files.exists(marker) && Files.getLastModifiedTime(marker).toMillis() >= c.info().startedMillis();
        } catch (IOException e) {
            return false;
        }
    }

    static void markRestart(Container c, boolean pending) {
        Path marker = c.dir().resolve("glxc.dsl-restart");
        try {
            if (pending) Files.writeString(marker, "a script's change waits for the next start\n");
            else Files.deleteIfExists(marker);
        } catch (IOException e) {
            throw new GlxcException("container '" + c.name() + "': cannot write " + marker + ": " + e.getMessage(), e);
        }
    }

    static void write(Container c, List<String> keys) {
        try {
            Files.writeString(file(c), "# settings made by a .lxc.groovy script (glxc apply): removed from the config when the script drops them\n"
                    + String.join("\n", keys) + "\n");
        } catch (IOException e) {
            throw new GlxcException("container '" + c.name() + "': cannot write " + file(c) + ": " + e.getMessage(), e);
        }
    }
}
