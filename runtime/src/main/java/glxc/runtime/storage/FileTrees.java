package glxc.runtime.storage;

import glxc.runtime.api.GlxcException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Removes a folder tree the way a container's files may be shaped by whoever ran inside: relative to open
 * directories (openat/unlinkat through SecureDirectoryStream), so no symlink is followed, no path grows
 * past PATH_MAX, and a directory swapped for a link meanwhile is only unlinked. A mount inside is refused;
 * a btrfs subvolume (another device, inode 256) is deleted whole by the filesystem.
 */
public final class FileTrees {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private FileTrees() {}

    public static void delete(Path root) {
        if (!Files.exists(root, NOFOLLOW)) return;
        try {
            if (!Files.isDirectory(root, NOFOLLOW)) {
                Files.delete(root);
                return;
            }
            String device = device(Files.readAttributes(root, BasicFileAttributes.class, NOFOLLOW));
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
                if (!(ds instanceof SecureDirectoryStream<Path> sds)) throw new IOException("this platform cannot remove a tree safely");
                empty(sds, root, device);
            }
            Files.delete(root);
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw new GlxcException("cannot remove " + root + ": " + e.getMessage(), e);
        }
    }

    private static void empty(SecureDirectoryStream<Path> dir, Path where, String device) throws IOException {
        for (Path entry : dir) {
            Path name = entry.getFileName();
            BasicFileAttributes a = dir.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes();
            if (!a.isDirectory()) {
                dir.deleteFile(name);
                continue;
            }
            Path path = where.resolve(name);
            if (!device.equals(device(a))) {
                if (BtrfsStorage.isSubvolume(path)) {   // a btrfs rootfs: the filesystem deletes it whole
                    Btrfs.deleteSubvolume(path);
                    continue;
                }
                throw new IOException(path + " is a mount point; unmount it first");
            }
            try (SecureDirectoryStream<Path> child = dir.newDirectoryStream(name, NOFOLLOW)) {
                empty(child, path, device);
            }
            dir.deleteDirectory(name);
        }
    }

    /** The device part of the file key, "(dev=803,ino=12)" on Linux. */
    private static String device(BasicFileAttributes a) {
        String key = String.valueOf(a.fileKey());
        int comma = key.indexOf(',');
        return comma < 0 ? key : key.substring(0, comma);
    }
}
