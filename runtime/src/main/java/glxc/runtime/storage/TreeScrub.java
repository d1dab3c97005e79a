package glxc.runtime.storage;

import glxc.runtime.api.GlxcException;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;

/**
 * What makes two builds of the same step differ though nothing that matters did: overlay's bookkeeping
 * attributes (file handles of this machine), logs and caches with the time in them, a machine id, shell
 * histories (removed or emptied from a layer before it is stored, as reproducible Debian builds clean
 * them); file times newer than SOURCE_DATE_EPOCH (clamped to it). Used on build steps' layers and on the
 * debian and ubuntu templates' bootstrap.
 */
public final class TreeScrub {
    private TreeScrub() {}

    private static final List<String> REMOVED = List.of("var/cache/ldconfig/aux-cache", "var/log/dpkg.log", "var/log/alternatives.log",
            "var/log/apt/history.log", "var/log/bootstrap.log", "var/log/apt/term.log", "var/log/apt/eipp.log.xz", "var/lib/dbus/machine-id",
            "var/cache/apt/pkgcache.bin", "var/cache/apt/srcpkgcache.bin", "var/cache/debconf/config.dat-old",
            "var/cache/debconf/templates.dat-old", "var/lib/dpkg/status-old", "var/lib/dpkg/diversions-old",
            "root/.ash_history", "root/.bash_history", "etc/.pwd.lock", "var/lib/systemd/random-seed");

    public static void clean(Path tree) throws IOException {
        OverlayMarkers.strip(tree);
        for (String rel : REMOVED) {
            Path p = tree.resolve(rel);
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) Files.delete(p);
        }
        Path ssh = tree.resolve("etc/ssh");   // host keys: every container of the image would share them; sshd's unit makes new ones
        if (Files.isDirectory(ssh, LinkOption.NOFOLLOW_LINKS))
            try (var keys = Files.list(ssh)) {
                for (Path k : keys.filter(k -> k.getFileName().toString().startsWith("ssh_host_") && Files.isRegularFile(k, LinkOption.NOFOLLOW_LINKS)).toList())
                    Files.delete(k);
            }
        Path machineId = tree.resolve("etc/machine-id");   // empty: systemd makes one at the container's first boot
        if (Files.isRegularFile(machineId, LinkOption.NOFOLLOW_LINKS) && Files.size(machineId) > 0) Files.writeString(machineId, "");
    }

    public static void clampTimes(Path tree, long epochSeconds) {
        FileTime limit = FileTime.fromMillis(epochSeconds * 1000);
        try {
            Files.walkFileTree(tree, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    clamp(file, attrs);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    clamp(dir, Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
                    return FileVisitResult.CONTINUE;
                }

                private void clamp(Path p, BasicFileAttributes a) throws IOException {
                    if (a.lastModifiedTime().compareTo(limit) > 0)
                        Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(limit, limit, null);
                }
            });
        } catch (IOException e) {
            throw new GlxcException("cannot clamp the times in " + tree + ": " + e.getMessage(), e);
        }
    }
}
