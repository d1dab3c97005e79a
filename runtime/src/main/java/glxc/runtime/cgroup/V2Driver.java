package glxc.runtime.cgroup;

import glxc.runtime.api.GlxcException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * cgroup v2: one folder per container in the unified hierarchy; controllers are those glxc's folder
 * delegates (cgroup.subtree_control); freezing through cgroup.freeze and cgroup.events.
 */
public final class V2Driver implements CgroupDriver {
    private static final long FREEZE_TIMEOUT_MILLIS = 10_000;
    private final Path mountPoint;
    private final String name;

    public V2Driver(Path mountPoint, String name) {
        this.mountPoint = mountPoint;
        this.name = name;
    }

    @Override
    public int version() {
        return 2;
    }

    /** The controllers glxc's folder hands down to containers. */
    public List<String> controllers() {
        try {
            return Arrays.asList(Files.readString(mountPoint.resolve("glxc").resolve("cgroup.subtree_control")).trim().split("\\s+"));
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public boolean hasController(String controller) {
        return controllers().contains(controller);
    }

    @Override
    public Path folderFor(String controller) {
        return mountPoint.resolve("glxc").resolve(name);
    }

    @Override
    public boolean canFreeze() {
        return Files.exists(folderFor("").resolve("cgroup.freeze"));
    }

    @Override
    public void freeze(boolean frozen) {
        Path folder = folderFor("");
        CgroupFiles.write(folder.resolve("cgroup.freeze"), frozen ? "1" : "0");
        long deadline = System.currentTimeMillis() + FREEZE_TIMEOUT_MILLIS;
        while (frozen(folder) != frozen) {
            if (System.currentTimeMillis() > deadline) {
                if (frozen) CgroupFiles.write(folder.resolve("cgroup.freeze"), "0");   // never leave it half frozen
                throw new GlxcException("container '" + name + "': " + folder + " did not " + (frozen ? "freeze" : "thaw") + " within "
                        + FREEZE_TIMEOUT_MILLIS / 1000 + " s" + (frozen ? "; thawed it again" : ""));
            }
            CgroupFiles.pause();
        }
    }

    /** cgroup.events says whether the kernel has finished freezing; the folder vanishing means init exited. */
    private boolean frozen(Path folder) {
        Path events = folder.resolve("cgroup.events");
        if (!Files.exists(events)) throw new GlxcException("container '" + name + "' is not running (its cgroup is gone)");
        for (String line : CgroupFiles.read(events).split("\n"))
            if (line.startsWith("frozen ")) return line.endsWith(" 1");
        return false;
    }

    @Override
    public boolean isFrozenOrFreezing() {
        Path folder = folderFor("");
        try {
            return Files.readString(folder.resolve("cgroup.freeze")).trim().equals("1");
        } catch (IOException e) {
            return false;
        }
    }
}
