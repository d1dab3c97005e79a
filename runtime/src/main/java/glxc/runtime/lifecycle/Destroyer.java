package glxc.runtime.lifecycle;

import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerState;
import glxc.runtime.api.StateException;
import glxc.runtime.api.StopOptions;
import glxc.runtime.config.ContainerConfig;
import glxc.runtime.store.ContainerLock;
import glxc.runtime.store.StateProbe;

import java.util.Map;

/** lxc-destroy: refuses a running container unless forced (then kills it), runs destroy hooks, removes the folder. */
public final class Destroyer {
    private Destroyer() {}

    public static void destroy(Container c, boolean force) {
        ContainerConfig config = c.config();
        StateProbe.Probe probe = StateProbe.probe(c.paths());
        if (probe.state() != ContainerState.STOPPED) {
            if (!force) throw new StateException(c.name(), probe.state(), "is " + probe.state() + ": stop it first, or destroy with -f");
            Stopper.stop(c, StopOptions.killNow());
        }
        try (ContainerLock lock = c.lock()) {
            probe = StateProbe.probe(c.paths());
            if (probe.state() != ContainerState.STOPPED)
                throw new StateException(c.name(), probe.state(), "was started again while being destroyed");
            Repair.ifStale(c, probe);
            HostHooks.run(c, config, "destroy", Map.of());
            FileTrees.delete(c.dir());
        }
    }
}
