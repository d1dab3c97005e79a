package glxc.runtime.cgroup;

import glxc.runtime.api.GlxcException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;

/** Reading and writing cgroup files, with errors that name the file and say what the kernel said. */
final class CgroupFiles {
    private CgroupFiles() {}

    static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (NoSuchFileException e) {
            throw new GlxcException(file + " does not exist");
        } catch (IOException e) {
            throw new GlxcException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Writes an existing cgroup file (cgroupfs files are never created by writing). */
    static void write(Path file, String value) {
        if (!Files.exists(file)) throw new GlxcException(file + " does not exist");
        try {
            Files.writeString(file, value, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new GlxcException("cannot write '" + value + "' to " + file + ": " + kernelReason(e));
        }
    }

    /** What the kernel said: "Invalid argument", "Device or resource busy", ... without the path again. */
    private static String kernelReason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        if (e instanceof AccessDeniedException) return "Permission denied";
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int colon = m.lastIndexOf(": ");
        return colon >= 0 ? m.substring(colon + 2) : m;
    }

    static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GlxcException("interrupted");
        }
    }
}
