package glxc.runtime.net;

import glxc.runtime.api.GlxcException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The record of a running container's host-side interfaces (its veth ends). The kernel removes them
 * when the container's namespace goes, but a moment later and from a work queue; glxc stop deletes them
 * itself so they are gone when it returns, and so a fixed lxc.net.N.veth.pair can be reused at once.
 */
public final class HostLinks {
    private HostLinks() {}

    public static void write(Path file, List<String> names) {
        try {
            if (names.isEmpty()) Files.deleteIfExists(file);
            else Files.writeString(file, String.join("\n", names) + "\n");
        } catch (IOException e) {
            throw new GlxcException("cannot record the host interfaces in " + file + ": " + e.getMessage(), e);
        }
    }

    public static List<String> read(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList() : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Deletes the recorded interfaces that still exist, then the record. Call only once the container is stopped. */
    public static void remove(Path file) {
        List<String> names = read(file);
        if (!names.isEmpty()) {
            try (Rtnetlink host = Rtnetlink.here()) {
                for (String n : names) host.deleteIfPresent(n);
            }
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new GlxcException("cannot remove " + file + ": " + e.getMessage(), e);
        }
    }
}
