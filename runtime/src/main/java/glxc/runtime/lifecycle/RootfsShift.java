package glxc.runtime.lifecycle;

import glxc.runtime.api.ContainerProcess;
import glxc.runtime.api.GlxcException;
import glxc.runtime.config.ContainerConfig;
import glxc.runtime.kernel.Processes;
import glxc.runtime.shim.Shim;
import glxc.runtime.shim.ShimSpec;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The chown fallback, for a rootfs shown without an idmapped mount: a normal user cannot make one, and
 * some filesystems take none. The container's root must then own the files on disk. The shim walks the
 * tree in a user namespace holding the container's maps and, above them, the caller's own id (newuidmap
 * lets a user map itself) or, for root, host ids 0..N: what moves down into the container's range lands
 * on its ids outside, as lxc-usernsexec gives LXC's templates.
 */
final class RootfsShift {
    private RootfsShift() {}

    /** The filesystems that take idmapped mounts (FS_ALLOW_IDMAP) on the kernels glxc supports. */
    private static final Set<String> IDMAPPABLE = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "tmpfs", "vfat", "msdos", "erofs", "ntfs3");

    /** Whether the folder's filesystem can be shown through an idmapped mount. */
    static boolean idmappable(Path folder) {
        try {
            return IDMAPPABLE.contains(Files.getFileStore(folder).type());
        } catch (IOException e) {
            return true;   // the start names the problem if there is one
        }
    }

    /**
     * Gives the tree to the container: a normal user's files become its root's; run by root, host ids
     * 0..N become the container's 0..N.
     */
    static void giveToContainerRoot(String name, Path tree, ContainerConfig config) {
        run(name, tree, config.idmaps(), false);
    }

    /** Removes a tree the container's root owns parts of (a normal user's container), from inside its maps. */
    static void remove(String name, Path tree, List<String[]> idmaps) {
        if (Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) run(name, tree, idmaps, true);
    }

    private static void run(String name, Path tree, List<String[]> idmaps, boolean remove) {
        long firstFree = 0;
        for (String[] m : idmaps) firstFree = Math.max(firstFree, Long.parseLong(m[1]) + Long.parseLong(m[3]));
        Shim.RunFiles files = Shim.runFiles("shift");
        Path report = files.report();
        ShimSpec spec = new ShimSpec()
                .put("mode", "shift")
                .put("name", name)
                .path("report", report)
                .path("rootfs", tree);
        if (remove) spec.put("remove", 1);
        for (String[] m : idmaps) {
            if (m[0].equals("b") || m[0].equals("u")) spec.put("idmap", "u", m[1], m[2], m[3]);
            if (m[0].equals("b") || m[0].equals("g")) spec.put("idmap", "g", m[1], m[2], m[3]);
        }
        long count = 1;
        if (Processes.isRoot()) {
            count = Long.MAX_VALUE;
            for (String[] m : idmaps) if (m[1].equals("0")) count = Math.min(count, Long.parseLong(m[3]));
        }
        spec.put("shiftfrom", firstFree, count);
        spec.put("idmap", "u", firstFree, Processes.isRoot() ? 0 : Processes.uid(), count);
        spec.put("idmap", "g", firstFree, Processes.isRoot() ? 0 : Processes.gid(), count);
        Process p = Shim.launch("shift", spec, files.spec(), report, Redirect.INHERIT, Redirect.INHERIT, Redirect.INHERIT);
        int code = new ContainerProcess(name, p, report, () -> { }).waitFor();
        if (code != 0) throw new GlxcException("container '" + name + "': " + (remove ? "removing " + tree : "giving the rootfs to the container's root")
                + " failed (status " + code + ")");
    }
}
