package glxc.runtime.store;

import glxc.runtime.api.GlxcException;
import glxc.runtime.kernel.Processes;
import glxc.runtime.storage.FileTrees;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A new container (or snapshot) folder is built under a hidden name that names its builder
 * ({@code .glxc-new-NAME.PID.STARTTIME.RAND}) and renamed into place, never replacing anything, only when
 * whole. A builder killed half-way leaves a hidden folder that ls never shows and that the next look at
 * the folder removes, once its builder is gone.
 */
public final class Staging {
    private static final String PREFIX = ".glxc-new-";

    private Staging() {}

    public static Path begin(Path parent, String name) {
        int pid = (int) ProcessHandle.current().pid();
        Path dir = parent.resolve(PREFIX + name + "." + pid + "." + Processes.startTime(pid) + "." + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.createDirectories(parent);
            Files.createDirectory(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        } catch (IOException e) {
            throw new GlxcException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /** Moves dir out of sight under a staging name (removed by the caller, or by the next look if that is cut short). */
    public static Path hide(Path dir) {
        int pid = (int) ProcessHandle.current().pid();
        Path hidden = dir.resolveSibling(PREFIX + "gone-" + dir.getFileName() + "." + pid + "." + Processes.startTime(pid) + "." + UUID.randomUUID().toString().substring(0, 8));
        try {
            Renames.noReplace(dir, hidden);
        } catch (IOException e) {
            throw new GlxcException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
        return hidden;
    }

    /** Renames staging to target unless target exists (then the staging folder is removed and this throws). */
    public static void commit(Path staging, Path target, String what) {
        try {
            Renames.noReplace(staging, target);
        } catch (FileAlreadyExistsException e) {
            FileTrees.delete(staging);
            throw new GlxcException(what + " already exists: " + target);
        } catch (IOException e) {
            FileTrees.delete(staging);
            throw new GlxcException("cannot move " + staging + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /** True when folder is a staging folder whose builder still runs. */
    public static boolean inProgress(Path folder) {
        String f = folder.getFileName().toString();
        return f.startsWith(PREFIX) && !builderGone(f);
    }

    /** True while a live builder is making parent/name. */
    public static boolean inProgress(Path parent, String name) {
        if (!Files.isDirectory(parent)) return false;
        try (Stream<Path> entries = Files.list(parent)) {
            return entries.map(p -> p.getFileName().toString()).anyMatch(f -> f.startsWith(PREFIX + name + ".") && !builderGone(f));
        } catch (IOException e) {
            return false;
        }
    }

    /** The staging folders under parent whose builders are gone. */
    public static java.util.List<Path> stale(Path parent) {
        if (!Files.isDirectory(parent)) return java.util.List.of();
        try (Stream<Path> entries = Files.list(parent)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(PREFIX) && builderGone(p.getFileName().toString())).toList();
        } catch (IOException e) {
            return java.util.List.of();
        }
    }

    /** Removes the staging folders under parent whose builders are gone. */
    public static void cleanStale(Path parent) {
        if (!Files.isDirectory(parent)) return;
        try (Stream<Path> entries = Files.list(parent)) {
            for (Path p : entries.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList())
                if (builderGone(p.getFileName().toString())) FileTrees.delete(p);
        } catch (IOException | GlxcException e) {
            // another process may be cleaning the same folder; whatever is left is retried next time
        }
    }

    static boolean builderGone(String folder) {
        String[] f = folder.split("\\.");
        if (f.length < 4) return false;
        try {
            int pid = Integer.parseInt(f[f.length - 3]);
            long start = Long.parseLong(f[f.length - 2]);
            return !Processes.isAlive(pid, start);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
