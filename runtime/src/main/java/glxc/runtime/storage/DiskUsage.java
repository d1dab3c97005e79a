package glxc.runtime.storage;

import glxc.runtime.api.GlxcException;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/** The bytes of file data under a folder (du --apparent-size -x): hardlinks once, mounts not crossed. */
public final class DiskUsage {
    private DiskUsage() {}

    public static long of(Path root) {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) return 0;
        long[] total = {0};
        Set<Object> seen = new HashSet<>();
        try {
            Object device = Files.getAttribute(root, "unix:dev", LinkOption.NOFOLLOW_LINKS);
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    return device.equals(Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS)) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && seen.add(attrs.fileKey())) total[0] += attrs.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new GlxcException("cannot measure " + root + ": " + e.getMessage(), e);
        }
        return total[0];
    }
}
