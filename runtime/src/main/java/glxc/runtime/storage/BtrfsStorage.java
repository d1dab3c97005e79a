package glxc.runtime.storage;

import glxc.runtime.api.GlxcException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * btrfs (LXC's btrfs backend): the rootfs is a subvolume; a snapshot clone is a btrfs snapshot, instant
 * and independent of its original (nothing to track, nothing that breaks when the original goes).
 * Only where the store is on btrfs.
 */
final class BtrfsStorage implements StorageBackend {
    public String name() { return "btrfs"; }

    public RootfsSource create(Path dir) {
        requireBtrfs(dir);
        Path rootfs = dir.resolve("rootfs");
        Btrfs.createSubvolume(rootfs);
        return new RootfsSource.Btrfs(rootfs);
    }

    /** A btrfs source is snapshotted; any other (a dir, an overlay's merged tree) is copied into a new subvolume. */
    public RootfsSource snapshot(RootfsSource source, Path dir) {
        requireBtrfs(dir);
        Path rootfs = dir.resolve("rootfs");
        if (source instanceof RootfsSource.Btrfs b) {
            Btrfs.snapshot(b.path(), rootfs);
        } else {
            Btrfs.createSubvolume(rootfs);
            try {
                Storage.copyMerged(source, rootfs, true);
            } catch (RuntimeException e) {
                Btrfs.deleteSubvolume(rootfs);   // the staging folder's removal cannot cross into a subvolume
                throw e;
            }
        }
        return new RootfsSource.Btrfs(rootfs);
    }

    public long ownBytes(RootfsSource source) {
        return DiskUsage.of(source.directory());
    }

    public void destroy(RootfsSource source) {
        if (Files.isDirectory(source.directory())) Btrfs.deleteSubvolume(source.directory());
    }

    /** A subvolume's root directory has inode 256 on btrfs. */
    static boolean isSubvolume(Path dir) throws java.io.IOException {
        return Btrfs.isBtrfs(dir) && ((Number) Files.getAttribute(dir, "unix:ino", java.nio.file.LinkOption.NOFOLLOW_LINKS)).longValue() == 256;
    }

    static void requireBtrfs(Path dir) {
        if (!Btrfs.isBtrfs(dir)) throw new GlxcException("the btrfs backend needs the store on btrfs; " + dir + " is not");
    }
}
