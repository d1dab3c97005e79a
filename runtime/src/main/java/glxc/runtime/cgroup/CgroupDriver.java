package glxc.runtime.cgroup;

import java.nio.file.Path;

/**
 * One cgroup version's way of holding a container: where its folder for a controller is, whether a
 * controller is available there, and how to freeze. {@link V1Driver} (one hierarchy per controller)
 * and {@link V2Driver} (the unified hierarchy) translate glxc's operations to their files.
 */
public interface CgroupDriver {
    int version();

    /** Whether this version holds controller for containers on this host. */
    boolean hasController(String controller);

    /** The container's folder holding controller's files (v2: the one unified folder). */
    Path folderFor(String controller);

    /** Whether this version can freeze the container (v1 freezer controller, v2 cgroup.freeze). */
    boolean canFreeze();

    /** Freezes or thaws, waiting until the kernel is done; a freeze that does not finish is undone. */
    void freeze(boolean frozen);

    /** Frozen, or on the way (a v1 FREEZING): either way the container does not run. */
    boolean isFrozenOrFreezing();
}
