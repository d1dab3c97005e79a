package glxc.runtime.lifecycle;

import glxc.runtime.api.CloneOptions;
import glxc.runtime.api.ConfigException;
import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerState;
import glxc.runtime.api.GlxcException;
import glxc.runtime.api.StateException;
import glxc.runtime.api.Store;
import glxc.runtime.config.ConfigFile;
import glxc.runtime.config.ConfigLine;
import glxc.runtime.config.ContainerConfig;
import glxc.runtime.storage.Dependants;
import glxc.runtime.storage.FileTrees;
import glxc.runtime.storage.Layout;
import glxc.runtime.storage.RootfsSource;
import glxc.runtime.storage.Storage;
import glxc.runtime.storage.StorageBackend;
import glxc.runtime.store.ContainerLock;
import glxc.runtime.store.ContainerName;
import glxc.runtime.store.Renames;
import glxc.runtime.store.Staging;
import glxc.runtime.store.StateProbe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * lxc-copy: a full copy or an overlay snapshot clone, built in a staging folder and renamed into place
 * only when whole; and rename (lxc-copy -R). The original is locked throughout and must be stopped
 * unless allowRunning.
 */
public final class Cloner {
    private Cloner() {}

    public static Container clone(Container src, Store target, String newName, CloneOptions o) {
        ContainerName.check(newName);
        Rootless.refuse(src, "copy");
        Container dst = target.get(newName);
        if (dst.exists()) throw new GlxcException("container '" + newName + "' already exists in " + target.path());
        if (o.backend() != null && Storage.find(o.backend()).isEmpty())
            throw new GlxcException("unknown backing store '" + o.backend() + "' (" + String.join(", ", Storage.BACKENDS.stream().map(StorageBackend::name).toList()) + ")");
        if (o.snapshot() && o.backend() != null && o.backend().equals("dir"))
            throw new GlxcException("a snapshot clone (-s) shares the original's files: the dir backend cannot make one (overlay or btrfs can)");
        if (!o.snapshot() && o.backend() != null && Storage.find(o.backend()).orElseThrow().name().equals("overlay"))
            throw new GlxcException("the overlay backend only makes snapshot clones (add -s)");
        try (ContainerLock lock = src.lock()) {
            ContainerState state = StateProbe.probe(src.paths()).state();
            if (state != ContainerState.STOPPED && !o.allowRunning())
                throw new StateException(src.name(), state, "is " + state + ": stop it first, or copy with -a (its rootfs may change during the copy)");
            ContainerConfig config = src.config();
            RootfsSource source = rootfsOf(src, config);
            Staging.cleanStale(target.path());
            Path staging = Staging.begin(target.path(), newName);
            try {
                StorageBackend backend = backendFor(source, o);
                RootfsSource made = Layout.relocate(backend.snapshot(source, staging), staging, dst.dir());
                ConfigRewrite.write(ConfigRewrite.Kind.CLONE, src.configPath(), src.dir(), staging, dst.dir(), newName, made,
                        o.keepName(), o.keepMac(), o.ephemeral(), target);
                Dependants.writeReverse(staging, Dependants.record(made, dst.dir(), src.dir(), source));
                Staging.commit(staging, dst.dir(), "container '" + newName + "'");
            } catch (RuntimeException | Error e) {
                FileTrees.delete(staging);
                throw e;
            }
        }
        try {
            HostHooks.run(dst, dst.config(), "clone", Map.of("LXC_SRC_NAME", src.name()));
        } catch (RuntimeException e) {
            Destroyer.destroy(dst, true, false, false);
            throw e;
        }
        return dst;
    }

    /** As LXC: a btrfs original stays btrfs (a subvolume snapshot); else -s is an overlay and a full copy a dir. */
    private static StorageBackend backendFor(RootfsSource source, CloneOptions o) {
        if (o.backend() != null) return Storage.find(o.backend()).orElseThrow();
        if (source instanceof RootfsSource.Btrfs) return Storage.find("btrfs").orElseThrow();
        return Storage.find(o.snapshot() ? "overlay" : "dir").orElseThrow();
    }

    static RootfsSource rootfsOf(Container c, ContainerConfig config) {
        RootfsSource s = config.rootfsSource().orElseThrow(() -> new ConfigException(c.configPath(), 0, "lxc.rootfs.path", "not set: the container has no root filesystem"));
        if (s.directory() != null && !Files.isDirectory(s.directory()))
            throw new GlxcException("container '" + c.name() + "': its rootfs " + s.directory() + " does not exist");
        return s;
    }

    /**
     * lxc-copy -R: the folder renamed, with its rootfs path, hostname and its snapshots' configs moved along.
     * The new config is written into the folder first and moved over the old one after the folder's rename;
     * a crash in between leaves it pending, and the next read of the config takes it (Container.configFile).
     */
    public static Container rename(Container c, String newName) {
        ContainerName.check(newName);
        Container dst = c.store().get(newName);
        if (dst.exists()) throw new GlxcException("container '" + newName + "' already exists in " + c.store().path());
        try (ContainerLock lock = c.lock()) {
            if (!c.exists()) throw new GlxcException("container '" + c.name() + "' does not exist in " + c.store().path());
            ContainerState state = StateProbe.probe(c.paths()).state();
            if (state != ContainerState.STOPPED) throw new StateException(c.name(), state, "is " + state + ": stop it before renaming it");
            ContainerConfig config = c.config();
            RootfsSource source = rootfsOf(c, config);
            List<Dependants.Entry> deps = Dependants.of(c.dir(), source);
            if (!deps.isEmpty())
                throw new GlxcException("container '" + c.name() + "' cannot be renamed: its rootfs is the lower layer of " + names(deps)
                        + " (their configs name its path)");
            Path from = c.dir(), to = dst.dir();
            ConfigFile renamed = ConfigFile.parse(c.configPath(), Files.readString(c.configPath(), StandardCharsets.UTF_8));
            RootfsSource moved = Layout.relocate(source, from, to);
            renamed.set("lxc.rootfs.path", moved.configValue());
            if (config.hostname().orElse("").equals(c.name())) renamed.set("lxc.uts.name", newName);
            for (ConfigLine l : List.copyOf(renamed.lines()))
                if (l.isEntry() && (l.key().equals("lxc.mount.fstab") || l.key().startsWith("lxc.hook.")) && l.value().startsWith(from + "/"))
                    renamed.replace(l, to + "/" + l.value().substring(from.toString().length() + 1));
            ConfigFile.writeAtomically(c.paths().pendingConfig(), renamed.text());
            try {
                Renames.noReplace(from, to);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(c.paths().pendingConfig());
                throw new GlxcException("container '" + newName + "' already exists in " + c.store().path());
            }
            dst.paths().takePendingConfig();
            Path snaps = to.resolve("snaps");
            if (Files.isDirectory(snaps)) {
                try (Stream<Path> all = Files.list(snaps)) {
                    for (Path s : all.filter(p -> Files.isRegularFile(p.resolve("config"))).toList()) {
                        ConfigFile sc = ConfigFile.read(s.resolve("config"));
                        RootfsSource ss = ContainerConfig.of(sc, List.of()).rootfsSource().orElseThrow();
                        sc.set("lxc.rootfs.path", Layout.relocate(ss, from, to).configValue());
                        sc.write();
                        Dependants.forget(ss, from.resolve("snaps").resolve(s.getFileName()));
                        Dependants.record(Layout.relocate(ss, from, to), s, null, null);
                    }
                }
            }
            Dependants.forget(source, from);
            Dependants.record(moved, to, null, null);
        } catch (IOException e) {
            throw new GlxcException("container '" + c.name() + "': cannot rename it: " + e.getMessage(), e);
        }
        return dst;
    }

    static String names(List<Dependants.Entry> deps) {
        return String.join(", ", deps.stream().map(Dependants.Entry::toString).toList());
    }
}
