package glxc.runtime.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a container's root filesystem comes from, as lxc.rootfs.path says it in LXC's syntax:
 * {@code /path} or {@code dir:/path}, or {@code overlay:LOWER[:LOWER...]:UPPER} (LXC's multi-lower form:
 * every layer starts with ":/", the last one is the writable upper).
 */
public sealed interface RootfsSource {
    /** The backend's name, as LXC's storage types are named (dir, overlay). */
    String backend();

    /** The value for lxc.rootfs.path. */
    String configValue();

    /** A plain directory that is the root filesystem. */
    record Dir(Path path) implements RootfsSource {
        public String backend() { return "dir"; }
        public String configValue() { return "dir:" + path; }
    }

    /** A btrfs subvolume (lxc.rootfs.path = btrfs:PATH): a directory to the container, snapshotted by the filesystem. */
    record Btrfs(Path path) implements RootfsSource {
        public String backend() { return "btrfs"; }
        public String configValue() { return "btrfs:" + path; }
    }

    /** The directory that holds the files for a dir or btrfs rootfs; null for an overlay. */
    default Path directory() {
        return this instanceof Dir d ? d.path() : this instanceof Btrfs b ? b.path() : null;
    }

    /**
     * An overlay of read-only lowers (the first is the topmost) under one writable upper. The work
     * directory sits beside the upper as LXC places it: {@code overlay/work} next to {@code overlay/delta},
     * else {@code olwork} (LXC's older layout).
     */
    record Overlay(List<Path> lowers, Path upper) implements RootfsSource {
        public Overlay {
            lowers = List.copyOf(lowers);
            if (lowers.isEmpty()) throw new IllegalArgumentException("an overlay needs a lower layer");
        }

        public String backend() { return "overlay"; }

        public String configValue() {
            StringBuilder b = new StringBuilder("overlay:");
            for (Path l : lowers) b.append(l).append(':');
            return b.append(upper).toString();
        }

        public Path work() {
            return upper.getParent().resolve(upper.getFileName().toString().equals("delta") ? "work" : "olwork");
        }

        /** Where the shim mounts it: the container folder's rootfs/ (beside overlay/, or beside LXC's older delta0). */
        public Path mountPoint() {
            Path parent = upper.getParent();
            boolean lxcLayout = upper.getFileName().toString().equals("delta") && parent.getFileName().toString().equals("overlay");
            return (lxcLayout ? parent.getParent() : parent).resolve("rootfs");
        }

        /** overlayfs' lowerdir option: every layer under the upper, topmost first. */
        public String lowerdir() {
            return String.join(":", lowers.stream().map(Path::toString).toList());
        }
    }

    /** Backends LXC has and glxc has not (yet): named in the error rather than taken for a path. */
    List<String> UNSUPPORTED = List.of("lvm", "zfs", "loop", "rbd", "nbd", "ceph");

    /**
     * Parses an lxc.rootfs.path value. Throws IllegalArgumentException with a reason the config layer turns
     * into a file:line error.
     */
    static RootfsSource parse(String value) {
        String v = value.trim();
        if (v.startsWith("dir:")) v = v.substring(4);
        if (v.startsWith("/")) return new Dir(Path.of(v).normalize());   // LXC takes any path here; only overlay layers are limited
        int colon = v.indexOf(':');
        String type = colon < 0 ? v : v.substring(0, colon);
        if (type.equals("overlay") || type.equals("overlayfs")) {
            List<Path> layers = new ArrayList<>();
            String rest = v.substring(colon + 1);
            if (!rest.startsWith("/")) throw new IllegalArgumentException("an overlay is overlay:/LOWER:/UPPER, found '" + value + "'");
            int start = 0;
            for (int i = rest.indexOf(":/"); i >= 0; i = rest.indexOf(":/", start)) {
                layers.add(checked(rest.substring(start, i)));
                start = i + 1;
            }
            layers.add(checked(rest.substring(start)));
            if (layers.size() < 2) throw new IllegalArgumentException("an overlay is overlay:/LOWER:/UPPER, found '" + value + "'");
            return new Overlay(layers.subList(0, layers.size() - 1), layers.get(layers.size() - 1));
        }
        if (type.equals("btrfs")) return new Btrfs(checked(v.substring(colon + 1)));
        if (UNSUPPORTED.contains(type))
            throw new IllegalArgumentException("the " + type + " storage backend is not supported (glxc has dir, overlay and btrfs)");
        throw new IllegalArgumentException("expected an absolute path, dir:PATH or overlay:LOWER:UPPER, found '" + value + "'");
    }

    /** overlayfs splits its options at ',' and layers at ':'; a path holding either cannot be a layer. */
    private static Path checked(String path) {
        if (path.isEmpty() || !path.startsWith("/")) throw new IllegalArgumentException("expected an absolute path, found '" + path + "'");
        if (path.contains(",") || path.contains(":") || path.contains("\\"))
            throw new IllegalArgumentException("a rootfs path must not contain ',', ':' or '\\': '" + path + "'");
        return Path.of(path).normalize();
    }
}
