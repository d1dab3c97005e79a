package glxc.runtime.storage;

import glxc.runtime.api.GlxcException;
import glxc.runtime.config.ConfigFile;
import glxc.runtime.config.ContainerConfig;
import glxc.runtime.store.Renames;
import glxc.runtime.store.Staging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A store's read-only layers, content-addressed: {@code .glxc-layers/sha256-HEX/rootfs} holds a tree
 * whose {@link TreeDigest} is HEX, beside a {@code layer} file (parent layers, creation time, a note).
 * Containers use a layer as an overlay lower; names ({@code .glxc-layers/names/NAME}, e.g. a cache key)
 * point at layers. References are counted from what is on disk (container and snapshot configs, names,
 * child layers), never kept as counters that a crash could leave wrong; prune removes the unreferenced.
 */
public final class LayerStore {
    public static final String FOLDER = ".glxc-layers";
    /** Names that stand for something a user made (an image), not a cache: prune --all keeps them. */
    public static final String KEPT_BY_ALL = "image-";

    /** One layer: its digest, its tree, the layers under it (topmost first), when it was made, what made it. */
    public record Layer(String digest, Path rootfs, List<String> parents, String created, String note) {
        public Path dir() { return rootfs.getParent(); }
    }

    /** What prune removed (or would remove): layers and names, and the bytes freed. */
    public record Pruned(List<String> layers, List<String> names, List<Path> staging, long bytes) {}

    private final Path storePath;
    private final Path root;

    public LayerStore(Path storePath) {
        this.storePath = storePath;
        this.root = storePath.resolve(FOLDER);
    }

    public Path root() { return root; }

    /**
     * Takes the tree at tree (moved in, so it must be on the store's filesystem; it is gone afterwards) as a
     * layer over parents; an identical layer already stored is returned instead and tree is removed.
     */
    public Layer add(Path tree, List<String> parents, String note) {
        return add(tree, parents, note, null);
    }

    /** add, then name the layer under the same lock: a prune in between would find it unreferenced. */
    public Layer add(Path tree, List<String> parents, String note, String name) {
        return add(tree, parents, note, name, false);
    }

    /** add, named namePrefix + its digest under the same lock (a name that tells whose the layer is). */
    public Layer addNamed(Path tree, List<String> parents, String note, String namePrefix) {
        return add(tree, parents, note, namePrefix, true);
    }

    private Layer add(Path tree, List<String> parents, String note, String name, boolean prefix) {
        for (String p : parents) find(p).orElseThrow(() -> new GlxcException("no layer " + p + " in " + root));
        String digest = TreeDigest.of(tree);
        try (Locked l = lock()) {
            Layer layer = addLocked(tree, parents, note, digest);
            if (name != null) name(prefix ? name + layer.digest() : name, layer.digest());
            return layer;
        }
    }

    private Layer addLocked(Path tree, List<String> parents, String note, String digest) {
        Optional<Layer> existing = find(digest);
        if (existing.isPresent()) {
            FileTrees.delete(tree);
            return existing.get();
        }
        Staging.cleanStale(root);
        Path staging = Staging.begin(root, digest);
        try {
            Files.move(tree, staging.resolve("rootfs"));
            Files.writeString(staging.resolve("layer"), "parents " + String.join(" ", parents) + "\ncreated " + Instant.now() + "\nnote " + note.replace('\n', ' ') + "\n");
            Renames.noReplace(staging, root.resolve(digest));
        } catch (FileAlreadyExistsException e) {   // another process stored the same content meanwhile
            FileTrees.delete(staging);
        } catch (IOException e) {
            FileTrees.delete(staging);
            throw new GlxcException("cannot store the layer " + digest + ": " + e.getMessage(), e);
        }
        return find(digest).orElseThrow();
    }

    public Optional<Layer> find(String digest) {
        if (!digest.matches("sha256-[0-9a-f]{64}")) return Optional.empty();
        Path dir = root.resolve(digest);
        if (!Files.isDirectory(dir.resolve("rootfs")) || !Files.isRegularFile(dir.resolve("layer"))) return Optional.empty();
        Map<String, String> meta = new HashMap<>();
        try {
            for (String line : Files.readAllLines(dir.resolve("layer"), StandardCharsets.UTF_8)) {
                int sp = line.indexOf(' ');
                if (sp > 0) meta.put(line.substring(0, sp), line.substring(sp + 1).trim());
            }
        } catch (IOException e) {
            throw new GlxcException("cannot read " + dir.resolve("layer") + ": " + e.getMessage(), e);
        }
        List<String> parents = meta.getOrDefault("parents", "").isBlank() ? List.of() : List.of(meta.get("parents").split(" "));
        return Optional.of(new Layer(digest, dir.resolve("rootfs"), parents, meta.getOrDefault("created", ""), meta.getOrDefault("note", "")));
    }

    public List<Layer> list() {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).sorted().map(this::find).flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new GlxcException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /** Points name (a cache key or an image name: letters, digits, '.', '_', '-', ':') at a layer. */
    public void name(String name, String digest) {
        find(digest).orElseThrow(() -> new GlxcException("no layer " + digest + " in " + root));
        try {
            Files.createDirectories(root.resolve("names"));
            ConfigFile.writeAtomically(namePath(name), digest + "\n");
        } catch (IOException e) {
            throw new GlxcException("cannot name the layer " + digest + ": " + e.getMessage(), e);
        }
    }

    /** Removes a name (its layer stays until a prune finds nothing else using it). */
    public void unname(String name) {
        deleteQuietly(namePath(name));
    }

    public Optional<Layer> named(String name) {
        Path p = namePath(name);
        try {
            return Files.isRegularFile(p) ? find(Files.readString(p, StandardCharsets.UTF_8).trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Path namePath(String name) {
        if (!name.matches("[A-Za-z0-9_][A-Za-z0-9_.:-]{0,200}")) throw new GlxcException("invalid layer name '" + name + "'");
        return root.resolve("names").resolve(name);
    }

    /** References by layer digest: containers' and snapshots' overlay lowers, names, and child layers' parents. */
    public Map<String, Integer> references() {
        Map<String, Integer> refs = new TreeMap<>();
        for (Path config : configs()) {
            RootfsSource s;
            try {
                s = ContainerConfig.of(ConfigFile.read(config), List.of()).rootfsSource().orElse(null);
            } catch (RuntimeException e) {
                throw new GlxcException("cannot tell which layers " + config + " uses (" + e.getMessage() + "); fix it before pruning", e);
            }
            if (s instanceof RootfsSource.Overlay o)
                for (Path lower : o.lowers())
                    if (lower.startsWith(root) && lower.getNameCount() > root.getNameCount()) refs.merge(lower.getName(root.getNameCount()).toString(), 1, Integer::sum);
        }
        for (String name : names()) named(name).ifPresent(l -> refs.merge(l.digest(), 1, Integer::sum));
        for (Layer l : list()) for (String p : l.parents()) refs.merge(p, 1, Integer::sum);
        return refs;
    }

    public List<String> names() {
        Path dir = root.resolve("names");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new GlxcException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Every container's and snapshot's config in the store. */
    private List<Path> configs() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(storePath)) return out;
        try (Stream<Path> dirs = Files.list(storePath)) {
            // containers, and copies still being built (their staging folders)
            for (Path d : dirs.filter(d -> !d.getFileName().toString().startsWith(".") || Staging.inProgress(d)).toList()) {
                if (Files.isRegularFile(d.resolve("config"))) out.add(d.resolve("config"));
                Path snaps = d.resolve("snaps");
                if (Files.isDirectory(snaps))
                    try (Stream<Path> s = Files.list(snaps)) {
                        s.map(p -> p.resolve("config")).filter(Files::isRegularFile).forEach(out::add);
                    }
            }
        } catch (IOException e) {
            throw new GlxcException("cannot list the store " + storePath + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Removes the layers nothing references (repeatedly: a removed child frees its parents); all: names go
     * first (all but images' names), so a layer kept only by a cache name goes too. dryRun reports without removing.
     */
    public Pruned prune(boolean all, boolean dryRun) {
        if (!Files.isDirectory(root)) return new Pruned(List.of(), List.of(), List.of(), 0);   // nothing to prune; make nothing
        try (Locked l = lock()) {
            return pruneLocked(all, dryRun);
        }
    }

    private Pruned pruneLocked(boolean all, boolean dryRun) {
        List<String> names = new ArrayList<>();
        if (all) {   // cache names go, but not those of layers an image keeps anyway: removing them would free nothing
            java.util.Set<String> kept = new java.util.HashSet<>();
            for (String n : names()) if (n.startsWith(KEPT_BY_ALL)) named(n).ifPresent(l -> kept.add(l.digest()));
            for (String n : names())
                if (!n.startsWith(KEPT_BY_ALL) && named(n).map(l -> !kept.contains(l.digest())).orElse(true)) names.add(n);
        }
        List<String> gone = new ArrayList<>();
        long bytes = 0;
        Map<String, Integer> refs = references();
        if (all) for (String n : names) named(n).ifPresent(l -> refs.merge(l.digest(), -1, Integer::sum));
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Layer l : list()) {
                if (gone.contains(l.digest()) || refs.getOrDefault(l.digest(), 0) > 0) continue;
                gone.add(l.digest());
                bytes += DiskUsage.of(l.rootfs());
                for (String p : l.parents()) refs.merge(p, -1, Integer::sum);
                changed = true;
            }
        }
        List<Path> staging = Staging.stale(root);
        if (!dryRun) {
            for (String n : names) deleteQuietly(namePath(n));
            for (String d : gone) FileTrees.delete(Staging.hide(root.resolve(d)));   // never half a layer under its digest
            Staging.cleanStale(root);
        }
        return new Pruned(gone, names, staging, bytes);
    }

    /** The layer store's lock: add and prune exclude each other across glxc processes. */
    private Locked lock() {
        try {
            Files.createDirectories(root);
            java.util.concurrent.locks.ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(root, k -> new java.util.concurrent.locks.ReentrantLock());
            jvm.lock();
            try {
                java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(root.resolve(".lock"), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                return new Locked(ch, ch.lock(), jvm);
            } catch (IOException | RuntimeException e) {
                jvm.unlock();
                throw e;
            }
        } catch (IOException e) {
            throw new GlxcException("cannot lock " + root + ": " + e.getMessage(), e);
        }
    }

    private static final java.util.concurrent.ConcurrentHashMap<Path, java.util.concurrent.locks.ReentrantLock> JVM_LOCKS = new java.util.concurrent.ConcurrentHashMap<>();

    private record Locked(java.nio.channels.FileChannel channel, java.nio.channels.FileLock lock, java.util.concurrent.locks.ReentrantLock jvm) implements AutoCloseable {
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException ignored) {
                // closing the channel drops the lock anyway
            } finally {
                jvm.unlock();
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a name left behind only keeps its layer for the next prune
        }
    }
}
