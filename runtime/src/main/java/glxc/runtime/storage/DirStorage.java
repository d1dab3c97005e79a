package glxc.runtime.storage;

import glxc.runtime.api.GlxcException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The root filesystem is a plain directory (LXC's dir backend); a "snapshot" of one is a full copy. */
final class DirStorage implements StorageBackend {
    public String name() { return "dir"; }

    public RootfsSource create(Path dir) {
        Path rootfs = dir.resolve("rootfs");
        try {
            Files.createDirectories(rootfs);
        } catch (IOException e) {
            throw new GlxcException("cannot create " + rootfs + ": " + e.getMessage(), e);
        }
        return new RootfsSource.Dir(rootfs);
    }

    public RootfsSource snapshot(RootfsSource source, Path dir) {
        Path rootfs = dir.resolve("rootfs");
        Storage.copyMerged(source, rootfs);
        return new RootfsSource.Dir(rootfs);
    }

    public long ownBytes(RootfsSource source) {
        return DiskUsage.of(((RootfsSource.Dir) source).path());
    }

    public void destroy(RootfsSource source) {
        Storage.deleteTree(((RootfsSource.Dir) source).path());
    }
}
