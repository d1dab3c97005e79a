package glxc.runtime.lifecycle;

import glxc.runtime.api.Container;
import glxc.runtime.storage.FileTrees;
import glxc.runtime.api.ContainerState;
import glxc.runtime.api.StateException;
import glxc.runtime.api.StopOptions;
import glxc.runtime.config.ContainerConfig;
import glxc.runtime.net.HostLinks;
import glxc.runtime.net.Networks;
import glxc.runtime.store.ContainerLock;
import glxc.runtime.store.StateProbe;

import glxc.runtime.api.GlxcException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** lxc-destroy: refuses a running container unless forced (then kills it), runs destroy hooks, removes the folder. */
public final class Destroyer {
    private Destroyer() {}

    /**
     * A rootfs outside the container's folder goes too unless lxc.rootfs.managed = 0, as with LXC; never a
     * path that holds the store, and never /.
     */
    private static void deleteExternalRootfs(Container c, ContainerConfig config) {
        Path rootfs = config.rootfs().map(p -> p.toAbsolutePath().normalize()).orElse(null);
        if (rootfs == null || rootfs.startsWith(c.dir()) || !config.rootfsManaged() || !Files.isDirectory(rootfs)) return;
        if (rootfs.getNameCount() == 0 || c.store().path().startsWith(rootfs))
            throw new GlxcException("container '" + c.name() + "': refusing to delete its rootfs " + rootfs
                    + " (it holds the store); set lxc.rootfs.managed = 0 to keep it");
        FileTrees.delete(rootfs);
    }

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
            HostLinks.remove(c.paths().network());
            if (!config.portLines().isEmpty()) Networks.of(c.store().path()).unforward(c.name());
            Networks.of(c.store().path()).containerDestroyed(c.name());
            HostHooks.run(c, config, "destroy", Map.of());
            deleteExternalRootfs(c, config);
            FileTrees.delete(c.dir());
        }
    }
}
