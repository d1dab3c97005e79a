package glxc.runtime.storage;

import java.nio.file.Path;

/** Moves a rootfs source's own paths from one folder to another (a staging folder to its final name). */
public final class Layout {
    private Layout() {}

    public static RootfsSource relocate(RootfsSource s, Path from, Path to) {
        if (s instanceof RootfsSource.Dir d) return new RootfsSource.Dir(move(d.path(), from, to));
        if (s instanceof RootfsSource.Btrfs b) return new RootfsSource.Btrfs(move(b.path(), from, to));
        RootfsSource.Overlay o = (RootfsSource.Overlay) s;
        return new RootfsSource.Overlay(o.lowers().stream().map(p -> move(p, from, to)).toList(), move(o.upper(), from, to));
    }

    private static Path move(Path p, Path from, Path to) {
        return p.startsWith(from) ? to.resolve(from.relativize(p)) : p;
    }
}
