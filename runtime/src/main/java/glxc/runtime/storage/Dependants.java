package glxc.runtime.storage;

import glxc.runtime.api.GlxcException;
import glxc.runtime.config.ConfigFile;
import glxc.runtime.config.ContainerConfig;
import glxc.runtime.store.Staging;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Who shares a container's rootfs as an overlay lower, kept in LXC's own files so LXC and glxc read each
 * other's stores: {@code lxc_snapshots} in the owner's folder lists (lxcpath, name) pairs, and
 * {@code lxc_rdepends} in a clone names its owner. The files are hints: an entry counts while its
 * folder's config still has the tree as a lower, or while it is still being built (a staging folder of
 * that name); edits are read-modify-write under a lock shared by every glxc process and remove only
 * their own entry.
 */
public final class Dependants {
    public static final String SNAPSHOTS_FILE = "lxc_snapshots";
    public static final String RDEPENDS_FILE = "lxc_rdepends";
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    /** A dependant: the folder holding it (a store, or a container's snaps/) and its name there. */
    public record Entry(Path lxcpath, String name) {
        public Path dir() { return lxcpath.resolve(name); }

        @Override
        public String toString() {
            return lxcpath.getFileName() != null && lxcpath.getFileName().toString().equals("snaps")
                    ? lxcpath.getParent().getFileName() + " snapshot " + name : name + " (" + lxcpath + ")";
        }
    }

    private Dependants() {}

    /** The trees a container (or snapshot) at dir owns that others may use as lowers: its rootfs, or its overlay's own lower. */
    public static List<Path> ownedTrees(Path dir, RootfsSource s) {
        if (s == null) return List.of();
        if (s.directory() != null) return List.of(s.directory());
        return ((RootfsSource.Overlay) s).lowers().stream().filter(l -> l.startsWith(dir)).toList();
    }

    /**
     * The live dependants of what the container (or snapshot) at dir owns, its own snapshots left out (they
     * go with it, and the snapshot rules apply to them).
     */
    public static List<Entry> of(Path dir, RootfsSource s) {
        List<Entry> out = new ArrayList<>();
        for (Path tree : ownedTrees(dir, s))
            for (Entry e : read(dir.resolve(SNAPSHOTS_FILE)))
                if (!e.dir().equals(dir) && !e.lxcpath().equals(dir.resolve("snaps")) && !out.contains(e)
                        && (dependsOn(e.dir(), tree) || Staging.inProgress(e.lxcpath(), e.name()))) out.add(e);
        return out;
    }

    /** The folder a lower belongs to: some container's or snapshot's rootfs/, or else origin's when origin owns it. */
    static Path ownerOf(Path lower, Path originDir, RootfsSource origin) {
        Path parent = lower.getParent();
        if (lower.getFileName() != null && lower.getFileName().toString().equals("rootfs") && parent != null && Files.isRegularFile(parent.resolve("config")))
            return parent;
        if (originDir != null && origin != null && (lower.equals(origin.directory()) || ownedTrees(originDir, origin).contains(lower))) return originDir;
        return null;
    }

    /**
     * Records the clone at cloneDir (its final place) with the owner of each lower it uses (LXC records it
     * with the container whose rootfs it shares); returns the first owner, for lxc_rdepends, or null.
     */
    public static Path record(RootfsSource clone, Path cloneDir, Path originDir, RootfsSource origin) {
        if (!(clone instanceof RootfsSource.Overlay o)) return null;
        Path first = null;
        Entry me = new Entry(cloneDir.getParent(), cloneDir.getFileName().toString());
        for (Path lower : o.lowers()) {
            Path owner = ownerOf(lower, originDir, origin);
            if (owner == null || owner.equals(cloneDir)) continue;
            if (first == null) first = owner;
            edit(owner, entries -> {
                if (!entries.contains(me)) entries.add(me);
                return entries;
            });
        }
        return first;
    }

    /** Writes lxc_rdepends into the clone's folder (being built at staging) naming its owner. */
    public static void writeReverse(Path staging, Path ownerDir) {
        if (ownerDir == null) return;
        write(staging.resolve(RDEPENDS_FILE), List.of(new Entry(ownerDir.getParent(), ownerDir.getFileName().toString())));
    }

    /** The clone at cloneDir goes away: its entry leaves every owner's list (only its own entry). */
    public static void forget(RootfsSource clone, Path cloneDir) {
        if (!(clone instanceof RootfsSource.Overlay o)) return;
        Entry me = new Entry(cloneDir.getParent(), cloneDir.getFileName().toString());
        for (Path lower : o.lowers()) {
            Path owner = ownerOf(lower, null, null);
            if (owner != null && !owner.equals(cloneDir) && Files.isDirectory(owner)) edit(owner, entries -> {
                entries.remove(me);
                return entries;
            });
        }
    }

    /** One read-modify-write of owner's lxc_snapshots, under a lock every glxc process takes. */
    private static void edit(Path owner, UnaryOperator<List<Entry>> change) {
        Path file = owner.resolve(SNAPSHOTS_FILE);
        ReentrantLock jvm = LOCKS.computeIfAbsent(owner, k -> new ReentrantLock());
        jvm.lock();
        try (FileChannel ch = FileChannel.open(owner.resolve(".glxc-snapshots.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            write(file, change.apply(new ArrayList<>(read(file))));
        } catch (IOException e) {
            throw new GlxcException("cannot update " + file + ": " + e.getMessage(), e);
        } finally {
            jvm.unlock();
        }
    }

    private static boolean dependsOn(Path dir, Path tree) {
        Path config = dir.resolve("config");
        if (!Files.isRegularFile(config)) return false;
        try {
            return ContainerConfig.of(ConfigFile.read(config), List.of()).rootfsSource()
                    .filter(s -> s instanceof RootfsSource.Overlay o && o.lowers().contains(tree)).isPresent();
        } catch (RuntimeException e) {
            return true;   // an unreadable config might still use it: count it rather than break it
        }
    }

    static List<Entry> read(Path file) {
        List<Entry> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) return out;
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i + 1 < lines.size(); i += 2)
                if (!lines.get(i).isBlank() && !lines.get(i + 1).isBlank()) out.add(new Entry(Path.of(lines.get(i).trim()), lines.get(i + 1).trim()));
        } catch (IOException e) {
            throw new GlxcException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    static void write(Path file, List<Entry> entries) {
        try {
            if (entries.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            StringBuilder b = new StringBuilder();
            for (Entry e : entries) b.append(e.lxcpath()).append('\n').append(e.name()).append('\n');
            ConfigFile.writeAtomically(file, b.toString());
        } catch (IOException e) {
            throw new GlxcException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
