package glxc.runtime.lifecycle;

import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerState;
import glxc.runtime.api.StateException;
import glxc.runtime.store.ContainerLock;

/** lxc-freeze / lxc-unfreeze: through the v1 freezer where the host has one, else cgroup v2's cgroup.freeze. */
public final class Freezer {
    private Freezer() {}

    public static void freeze(Container c, boolean frozen) {
        try (ContainerLock lock = c.lock()) {
            ContainerState s = c.state();
            if (frozen && s != ContainerState.RUNNING && s != ContainerState.FROZEN) throw new StateException(c.name(), s, "is not running");
            if (!frozen && s != ContainerState.FROZEN) throw new StateException(c.name(), s, "is not frozen");
            c.cgroups().freeze(frozen);
        }
    }
}
