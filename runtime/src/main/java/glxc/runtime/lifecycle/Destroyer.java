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
import java.util.List;
import java.util.Map;
import glxc.runtime.api.SnapshotInfo;
import glxc.runtime.api.Store;
import glxc.runtime.storage.Dependants;
import glxc.runtime.store.Staging;
import glxc.runtime.storage.RootfsSource;

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
        if (Rootless.active() && !config.idmaps().isEmpty()) RootfsShift.remove(c.name(), rootfs, config.idmaps());   // its root's files
        else FileTrees.delete(rootfs);
    }

    /**
     * withSnapshots: its snapshots go too (lxc-destroy -s), else they make it refuse; withClones: the
     * containers that have its rootfs as their overlay lower go first, else they make it refuse.
     */
    public static void destroy(Container c, boolean force, boolean withSnapshots, boolean withClones) {
        StateProbe.Probe probe = StateProbe.probe(c.paths());
        if (probe.state() != ContainerState.STOPPED && !force)
            throw new StateException(c.name(), probe.state(), "is " + probe.state() + ": stop it first, or destroy with -f");
        ContainerConfig config = c.config();
        RootfsSource source = config.rootfsSource().orElse(null);
        List<Dependants.Entry> clones = refusals(c, source, withSnapshots, withClones);   // everything checked before anything goes
        for (Dependants.Entry e : clones) destroyDependant(e, force, withSnapshots);
        if (probe.state() != ContainerState.STOPPED) Stopper.stop(c, StopOptions.killNow());
        try (ContainerLock lock = c.lock()) {
            probe = StateProbe.probe(c.paths());
            if (probe.state() != ContainerState.STOPPED)
                throw new StateException(c.name(), probe.state(), "was started again while being destroyed");
            refusals(c, source, withSnapshots, false);   // a clone made meanwhile
            Repair.ifStale(c, probe);
            HostLinks.remove(c.paths().network());
            if (!config.portLines().isEmpty()) Networks.of(c.store().path()).unforward(c.name());
            Networks.of(c.store().path()).containerDestroyed(c.name());
            HostHooks.run(c, config, "destroy", Map.of());
            deleteExternalRootfs(c, config);
            for (SnapshotInfo s : Snapshots.list(c)) Snapshots.delete(c, s);
            Path hidden = Staging.hide(c.dir());   // gone from listings at once; a removal cut short is finished later
            if (Rootless.active() && !config.idmaps().isEmpty()) RootfsShift.remove(c.name(), hidden, config.idmaps());
            else FileTrees.delete(hidden);
            Dependants.forget(source, c.dir());   // the shared lowers' owners stop listing it
        }
    }

    /** The clones to destroy first (withClones), or an error naming what stands in the way. */
    private static List<Dependants.Entry> refusals(Container c, RootfsSource source, boolean withSnapshots, boolean withClones) {
        List<Dependants.Entry> clones = Dependants.of(c.dir(), source);
        if (!clones.isEmpty() && !withClones)
            throw new GlxcException("container '" + c.name() + "' has clones that use its rootfs as their lower layer: " + Cloner.names(clones)
                    + "; destroy them first, or destroy with --with-clones to destroy them too");
        List<SnapshotInfo> snapshots = Snapshots.list(c);
        if (!snapshots.isEmpty() && !withSnapshots)
            throw new GlxcException("container '" + c.name() + "' has " + snapshots.size() + " snapshot(s) (" + String.join(", ", snapshots.stream().map(SnapshotInfo::name).toList())
                    + "); destroy with -s to destroy them too");
        for (SnapshotInfo s : snapshots)
            if (!s.dependants().isEmpty())
                throw new GlxcException("container '" + c.name() + "': its snapshot " + s.name() + " is the lower layer of " + String.join(", ", s.dependants()) + "; destroy them first");
        return clones;
    }

    private static void destroyDependant(Dependants.Entry e, boolean force, boolean withSnapshots) {
        if (e.lxcpath().getFileName().toString().equals("snaps")) {   // another container's snapshot
            Container owner = Store.open(e.lxcpath().getParent().getParent()).get(e.lxcpath().getParent().getFileName().toString());
            Snapshots.destroy(owner, e.name());
        } else {
            destroy(Store.open(e.lxcpath()).get(e.name()), force, withSnapshots, true);
        }
    }
}
