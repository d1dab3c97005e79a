package glxc.runtime.lifecycle;

import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerState;
import glxc.runtime.api.GlxcException;
import glxc.runtime.api.SnapshotInfo;
import glxc.runtime.api.StateException;
import glxc.runtime.api.Store;
import glxc.runtime.config.ConfigFile;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * lxc-snapshot, in LXC's layout so either tool reads the other's: {@code snaps/snapN/} holding config,
 * the rootfs (a dir container's full copy, or an overlay container's copied delta over the same shared
 * lowers), {@code ts} ("yyyy:MM:dd HH:mm:ss") and {@code comment}.
 */
public final class Snapshots {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss");

    private Snapshots() {}

    static Path folder(Container c) {
        return c.dir().resolve("snaps");
    }

    public static SnapshotInfo create(Container c, String comment) {
        Rootless.refuse(c, "snapshot");
        try (ContainerLock lock = c.lock()) {
            ContainerState state = StateProbe.probe(c.paths()).state();
            if (state != ContainerState.STOPPED)
                throw new StateException(c.name(), state, "is " + state + ": stop it before taking a snapshot (its files would change during the copy)");
            RootfsSource source = Cloner.rootfsOf(c, c.config());
            Path snaps = folder(c);
            Staging.cleanStale(snaps);
            String name = nextName(snaps);
            Path staging = Staging.begin(snaps, name);
            Path target = snaps.resolve(name);
            try {
                StorageBackend backend = Storage.of(source);   // dir: a full copy; overlay: the delta, over the same lowers
                RootfsSource made = Layout.relocate(backend.snapshot(source, staging), staging, target);
                ConfigRewrite.write(ConfigRewrite.Kind.SNAPSHOT, c.configPath(), c.dir(), staging, target, name, made, true, true, false, c.store());
                Files.writeString(staging.resolve("ts"), LocalDateTime.now().format(TS));
                if (comment != null && !comment.isEmpty()) Files.writeString(staging.resolve("comment"), comment.endsWith("\n") ? comment : comment + "\n");
                Dependants.writeReverse(staging, Dependants.record(made, target, c.dir(), source));
                Staging.commit(staging, target, "snapshot " + name + " of '" + c.name() + "'");
            } catch (IOException e) {
                FileTrees.delete(staging);
                throw new GlxcException("container '" + c.name() + "': cannot write the snapshot: " + e.getMessage(), e);
            } catch (RuntimeException | Error e) {
                FileTrees.delete(staging);
                throw e;
            }
            return info(target);
        }
    }

    private static String nextName(Path snaps) {
        for (int i = 0; ; i++) if (!Files.exists(snaps.resolve("snap" + i))) return "snap" + i;
    }

    /** How many snapshots the container has, without measuring them (for info and ls). */
    static int count(Container c) {
        Path snaps = folder(c);
        if (!Files.isDirectory(snaps)) return 0;
        try (Stream<Path> all = Files.list(snaps)) {
            return (int) all.filter(p -> !p.getFileName().toString().startsWith(".") && Files.isRegularFile(p.resolve("config"))).count();
        } catch (IOException e) {
            return 0;
        }
    }

    public static List<SnapshotInfo> list(Container c) {
        Path snaps = folder(c);
        if (!Files.isDirectory(snaps)) return List.of();
        List<SnapshotInfo> out = new ArrayList<>();
        try (Stream<Path> all = Files.list(snaps)) {
            for (Path p : all.filter(p -> Files.isRegularFile(p.resolve("config")) && !p.getFileName().toString().startsWith(".")).toList())
                out.add(info(p));
        } catch (IOException e) {
            throw new GlxcException("container '" + c.name() + "': cannot list its snapshots: " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(SnapshotInfo::timestamp).thenComparing(s -> number(s.name())));
        return out;
    }

    private static int number(String name) {
        try {
            return Integer.parseInt(name.replaceAll("\\D", ""));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    static SnapshotInfo info(Path dir) {
        RootfsSource s = ContainerConfig.of(ConfigFile.read(dir.resolve("config")), List.of()).rootfsSource().orElseThrow();
        List<String> deps = Dependants.of(dir, s).stream().map(Dependants.Entry::toString).toList();
        return new SnapshotInfo(dir.getFileName().toString(), dir, read(dir.resolve("ts")), read(dir.resolve("comment")), s.backend(),
                Storage.of(s).ownBytes(s), deps);
    }

    private static String read(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8).strip() : "";
        } catch (IOException e) {
            return "";
        }
    }

    static SnapshotInfo find(Container c, String name) {
        if (!name.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")) throw new GlxcException("container '" + c.name() + "': no snapshot named '" + name + "'");
        Path dir = folder(c).resolve(name);
        if (!Files.isRegularFile(dir.resolve("config")))
            throw new GlxcException("container '" + c.name() + "' has no snapshot named '" + name + "' (glxc snapshot -n " + c.name() + " -L lists them)");
        return info(dir);
    }

    /** Removes one snapshot, or every one for "ALL" (lxc-snapshot -d). */
    public static void destroy(Container c, String name) {
        try (ContainerLock lock = c.lock()) {
            if (name.equals("ALL")) for (SnapshotInfo s : list(c)) delete(c, s);
            else delete(c, find(c, name));
        }
    }

    static void delete(Container c, SnapshotInfo s) {
        if (!s.dependants().isEmpty())
            throw new GlxcException("snapshot " + s.name() + " of '" + c.name() + "' is the lower layer of " + String.join(", ", s.dependants()) + "; destroy them first");
        RootfsSource source = ContainerConfig.of(ConfigFile.read(s.dir().resolve("config")), List.of()).rootfsSource().orElseThrow();
        FileTrees.delete(s.dir());
        Dependants.forget(source, s.dir());
    }

    /**
     * lxc-snapshot -r: newName null restores in place (config and rootfs; the rootfs swapped atomically with
     * RENAME_EXCHANGE), refused while clones share the rootfs unless force; otherwise a new container
     * made from the snapshot.
     */
    public static Container restore(Container c, String name, String newName, boolean force) {
        Rootless.refuse(c, "snapshot restore");
        if (newName != null && !newName.equals(c.name())) return restoreAsNew(c, name, ContainerName.check(newName));
        try (ContainerLock lock = c.lock()) {
            SnapshotInfo s = find(c, name);
            Path snapConfig = s.dir().resolve("config");
            RootfsSource snapSource = ContainerConfig.of(ConfigFile.read(snapConfig), List.of()).rootfsSource().orElseThrow();
            ContainerState state = StateProbe.probe(c.paths()).state();
            if (state != ContainerState.STOPPED) throw new StateException(c.name(), state, "is " + state + ": stop it before restoring a snapshot");
            RootfsSource current = Cloner.rootfsOf(c, c.config());
            if (!current.backend().equals(snapSource.backend()))
                throw new GlxcException("container '" + c.name() + "' is on " + current.backend() + " storage now and " + name + " on " + snapSource.backend()
                        + "; restore it into a new container with -N NAME");
            List<Dependants.Entry> clones = Dependants.of(c.dir(), current);
            if (!clones.isEmpty() && !force && current.directory() != null)
                throw new GlxcException("container '" + c.name() + "': restoring " + name + " would change the rootfs that " + Cloner.names(clones)
                        + " use as their lower layer; restore into a new container with -N NAME, or use --force");
            Staging.cleanStale(c.dir());   // what a restore killed half-way left
            Path staging = Staging.begin(c.dir(), "restore");
            try {
                RootfsSource made = Layout.relocate(Storage.of(snapSource).snapshot(snapSource, staging), staging, c.dir());
                ConfigRewrite.write(ConfigRewrite.Kind.SNAPSHOT, snapConfig, s.dir(), staging, c.dir(), c.name(), made, true, true, false, c.store());
                // only what the container owns changes places: an overlay's own rootfs/ may be its (shared) lower
                swapIn(staging.resolve(current.directory() != null ? "rootfs" : "overlay"), c.dir().resolve(current.directory() != null ? "rootfs" : "overlay"));
                Files.move(staging.resolve("config"), c.configPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Dependants.record(made, c.dir(), null, null);
            } catch (IOException e) {
                throw new GlxcException("container '" + c.name() + "': cannot restore " + name + ": " + e.getMessage(), e);
            } finally {
                FileTrees.delete(staging);
            }
        }
        return c;
    }

    /** Puts staged in place of current atomically; the old one lands at staged's path (removed with the staging folder). */
    private static void swapIn(Path staged, Path current) throws IOException {
        if (!Files.exists(staged)) return;
        if (Files.exists(current)) Renames.exchange(staged, current);
        else Files.move(staged, current);
    }

    private static Container restoreAsNew(Container c, String name, String newName) {
        Store store = c.store();
        Container dst = store.get(newName);
        if (dst.exists()) throw new GlxcException("container '" + newName + "' already exists in " + store.path());
        try (ContainerLock lock = c.lock()) {
            SnapshotInfo s = find(c, name);
            RootfsSource snapSource = ContainerConfig.of(ConfigFile.read(s.dir().resolve("config")), List.of()).rootfsSource().orElseThrow();
            Staging.cleanStale(store.path());
            Path staging = Staging.begin(store.path(), newName);
            try {
                RootfsSource made = Layout.relocate(Storage.of(snapSource).snapshot(snapSource, staging), staging, dst.dir());
                ConfigRewrite.write(ConfigRewrite.Kind.CLONE, s.dir().resolve("config"), s.dir(), staging, dst.dir(), newName, made, false, false, false, store);
                Dependants.writeReverse(staging, Dependants.record(made, dst.dir(), s.dir(), snapSource));
                Staging.commit(staging, dst.dir(), "container '" + newName + "'");
            } catch (RuntimeException | Error e) {
                FileTrees.delete(staging);
                throw e;
            }
        }
        return dst;
    }
}
