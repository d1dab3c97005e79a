package glxc.runtime.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The storage backends as a table (dir, overlay), and the operations that pick one by a rootfs source. */
public final class Storage {
    public static final List<StorageBackend> BACKENDS = List.of(new DirStorage(), new OverlayStorage(), new BtrfsStorage());

    private Storage() {}

    public static Optional<StorageBackend> find(String name) {
        String n = name.equals("overlayfs") ? "overlay" : name;
        return BACKENDS.stream().filter(b -> b.name().equals(n)).findFirst();
    }

    public static StorageBackend of(RootfsSource source) {
        return find(source.backend()).orElseThrow();
    }

    /** A full, independent copy of what the container sees as its root (an overlay's merged tree) at to. */
    public static long copyMerged(RootfsSource source, Path to) {
        return copyMerged(source, to, false);
    }

    /** into: to exists, empty (a new subvolume), and takes the tree's contents. */
    public static long copyMerged(RootfsSource source, Path to, boolean into) {
        if (source.directory() != null) return TreeCopy.copy(source.directory(), to, into);
        return MergedView.with((RootfsSource.Overlay) source, merged -> TreeCopy.copy(merged, to, into));
    }

    static void deleteTree(Path dir) {
        FileTrees.delete(dir);
    }
}
