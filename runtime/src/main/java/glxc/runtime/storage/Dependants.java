package glxc.runtime.storage;

import glxc.runtime.api.GlxcException;
import glxc.runtime.config.ConfigFile;
import glxc.runtime.config.ContainerConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Who shares a container's rootfs as an overlay lower, kept in LXC's own files so LXC and glxc read each
 * other's stores: {@code lxc_snapshots} in the shared container's folder lists (lxcpath, name) pairs, and
 * {@code lxc_rdepends} in a clone names what it depends on. The files are hints: an entry counts only
 * while its folder still exists and its config still has this rootfs as a lower (an ephemeral clone
 * removed by its monitor, or a crash half-way, leaves a stale line that is skipped and dropped).
 */
public final class Dependants {
    public static final String SNAPSHOTS_FILE = "lxc_snapshots";
    public static final String RDEPENDS_FILE = "lxc_rdepends";

    /** A dependant: the folder holding it (a store, or a container's snaps/) and its name there. */
    public record Entry(Path lxcpath, String name) {
        public Path dir() { return lxcpath.resolve(name); }
        @Override public String toString() { return lxcpath.getFileName().toString().equals("snaps") ? lxcpath.getParent().getFileName() + " snapshot " + name : name + " (" + lxcpath + ")"; }
    }

    private Dependants() {}

    /** The live dependants of the container (or snapshot) whose folder is dir and whose rootfs is rootfs. */
    public static List<Entry> of(Path dir, Path rootfs) {
        List<Entry> live = new ArrayList<>();
        for (Entry e : read(dir.resolve(SNAPSHOTS_FILE)))
            if (dependsOn(e.dir(), rootfs) && !live.contains(e)) live.add(e);
        return live;
    }

    /** The folder a lower layer belongs to when it is some container's or snapshot's rootfs/, else null. */
    public static Path ownerOf(Path lower) {
        Path parent = lower.getParent();
        return lower.getFileName() != null && lower.getFileName().toString().equals("rootfs") && parent != null
                && Files.isRegularFile(parent.resolve("config")) ? parent : null;
    }

    /** Records that the clone at cloneDir (its final place) has each owned lower of source as a layer. */
    public static void record(RootfsSource clone, Path cloneDir) {
        if (!(clone instanceof RootfsSource.Overlay o)) return;
        for (Path lower : o.lowers()) {
            Path owner = ownerOf(lower);
            if (owner == null) continue;
            synchronized (Dependants.class) {
                List<Entry> entries = new ArrayList<>(of(owner, lower));
                Entry e = new Entry(cloneDir.getParent(), cloneDir.getFileName().toString());
                if (!entries.contains(e)) entries.add(e);
                write(owner.resolve(SNAPSHOTS_FILE), entries);
            }
        }
    }

    /** Writes lxc_rdepends into the clone's folder (being built at staging) naming the folder it came from. */
    public static void writeReverse(Path staging, Path originDir) {
        write(staging.resolve(RDEPENDS_FILE), List.of(new Entry(originDir.getParent(), originDir.getFileName().toString())));
    }

    private static boolean dependsOn(Path dir, Path rootfs) {
        Path config = dir.resolve("config");
        if (!Files.isRegularFile(config)) return false;
        try {
            return ContainerConfig.of(ConfigFile.read(config), List.of()).rootfsSource()
                    .filter(s -> s instanceof RootfsSource.Overlay o && o.lowers().contains(rootfs)).isPresent();
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

    /** Drops the entries that no longer depend (called when one goes away). */
    public static void prune(Path dir, Path rootfs) {
        Path file = dir.resolve(SNAPSHOTS_FILE);
        if (Files.exists(file)) write(file, of(dir, rootfs));
    }
}
