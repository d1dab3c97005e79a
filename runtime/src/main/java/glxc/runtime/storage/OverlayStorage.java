package glxc.runtime.storage;

import glxc.runtime.api.GlxcException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * overlayfs (LXC's overlay backend, same layout): the container's writes go to {@code overlay/delta}
 * beside {@code overlay/work}; the lowers are shared read-only; {@code rootfs/} is the empty mount point.
 * A clone of a dir container has that container's rootfs as its lower; a clone of an overlay container
 * shares its lowers and starts from a copy of its delta.
 */
final class OverlayStorage implements StorageBackend {
    public String name() { return "overlay"; }

    public RootfsSource create(Path dir) {
        Path lower = dir.resolve("rootfs");
        make(lower);
        return layout(List.of(lower), dir, true);
    }

    public RootfsSource snapshot(RootfsSource source, Path dir) {
        if (source.directory() != null) return layout(List.of(source.directory()), dir, true);
        RootfsSource.Overlay o = (RootfsSource.Overlay) source;
        RootfsSource.Overlay clone = layout(o.lowers(), dir, false);
        TreeCopy.copy(o.upper(), clone.upper());
        return clone;
    }

    private static RootfsSource.Overlay layout(List<Path> lowers, Path dir, boolean emptyDelta) {
        RootfsSource.Overlay o = new RootfsSource.Overlay(lowers, dir.resolve("overlay").resolve("delta"));
        make(o.work());
        if (emptyDelta) make(o.upper());
        make(dir.resolve("rootfs"));
        return o;
    }

    public long ownBytes(RootfsSource source) {
        return DiskUsage.of(((RootfsSource.Overlay) source).upper());
    }

    public void destroy(RootfsSource source) {
        RootfsSource.Overlay o = (RootfsSource.Overlay) source;
        Storage.deleteTree(o.upper());
        Storage.deleteTree(o.work());
    }

    private static void make(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new GlxcException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }
}
