package glxc.runtime.template;

import glxc.runtime.api.GlxcException;
import glxc.runtime.config.ConfigFile;
import glxc.runtime.storage.RootfsSource;
import glxc.runtime.storage.Storage;
import glxc.runtime.storage.FileTrees;
import glxc.runtime.storage.LayerStore;
import glxc.runtime.storage.TreeDigest;
import glxc.runtime.store.Staging;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Built root filesystems kept as layers of the store's layer store, named by the digest of what built
 * them (template, options), so a second create takes the layer instead of building again. A build runs
 * in a staging folder (its builder killed, the next look removes it); only a finished one becomes a
 * layer; its output goes to a log that a failure names and a success removes. One build per key at a time.
 */
public final class TemplateCache {
    /** Builds a root filesystem into tree (an empty folder), writing its output to log. */
    public interface Builder {
        void build(Path tree, Path log);
    }

    private TemplateCache() {}

    /** The version of the key's format: a change makes every template build once more. */
    static final String KEY_FORMAT = "glxc-template-key-2";

    /**
     * The cache key of these inputs: the digest of the format's version, then each input as its length in
     * bytes and its bytes, so that no two lists of inputs give the same bytes ("a\nb" vs "a", "b").
     */
    public static String key(String... inputs) {
        MessageDigest d = sha256();
        d.update((KEY_FORMAT + "\n").getBytes(StandardCharsets.UTF_8));
        for (String in : inputs) {
            byte[] b = in.getBytes(StandardCharsets.UTF_8);
            d.update(java.nio.ByteBuffer.allocate(8).putLong(b.length).array());
            d.update(b);
        }
        return HexFormat.of().formatHex(d.digest()).substring(0, 32);
    }

    public static LayerStore.Layer ensure(TemplateContext ctx, String template, String key, boolean flush, Builder builder) {
        LayerStore layers = ctx.store().layers();
        String name = "template-" + template + "-" + key;
        Path lockFile = layers.root().resolve(".lock-" + name);
        ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> new ReentrantLock());
        jvm.lock();   // a file lock excludes other processes only: two holders in one JVM would be an OverlappingFileLockException
        try {
            Files.createDirectories(layers.root());
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
                Optional<LayerStore.Layer> cached = flush ? Optional.empty() : layers.named(name);
                if (cached.isPresent()) {
                    ctx.say("Using the cached " + template + " rootfs " + cached.get().digest());
                    return cached.get();
                }
                LayerStore.Layer built = build(ctx, layers, template, builder);
                layers.name(name, built.digest());
                return built;
            }
        } catch (IOException e) {
            throw new TemplateException(ctx.name(), template, "cannot use the cache in " + layers.root() + ": " + e.getMessage());
        } finally {
            jvm.unlock();
        }
    }

    /** One build per cache entry in this JVM too (the file lock covers other processes). */
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private static LayerStore.Layer build(TemplateContext ctx, LayerStore layers, String template, Builder builder) throws IOException {
        Path logs = ctx.store().path().resolve(".glxc-logs");
        Files.createDirectories(logs);
        Path log = logs.resolve(template + "-" + ctx.name() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".log");
        Path staging = Staging.begin(layers.root(), "build-" + template);
        try {
            Path tree = staging.resolve("rootfs");
            Files.createDirectory(tree);
            try {
                builder.build(tree, log);
            } catch (TemplateException e) {
                throw new TemplateException(ctx.name(), template, e.getMessage().replaceFirst("^container '[^']*': template '[^']*': ", "") + " (its output: " + log + ")");
            }
            ctx.say("Storing the " + template + " rootfs in the layer cache");
            LayerStore.Layer layer = layers.add(tree, List.of(), template + " for " + ctx.name());
            Files.deleteIfExists(log);
            return layer;
        } finally {
            FileTrees.delete(staging);
        }
    }

    /**
     * The cached layers become the container's rootfs: shared lowers under its overlay (nothing copied; its
     * changes go to the upper), or else a copy of their merged tree in its rootfs. Returns the writable place.
     */
    public static Path place(TemplateContext ctx, List<LayerStore.Layer> layers) {
        List<Path> trees = layers.stream().map(LayerStore.Layer::rootfs).toList();
        if (ctx.source() instanceof RootfsSource.Overlay o) {
            ConfigFile f = ConfigFile.read(ctx.configFile());
            f.set("lxc.rootfs.path", new RootfsSource.Overlay(trees, o.upper()).configValue());
            f.write();
            ctx.say("Sharing the cached rootfs as the lower layer; this container's changes go to " + o.upper());
            return o.upper();
        }
        ctx.say("Copying the cached rootfs to " + ctx.rootfs());
        RootfsSource merged = trees.size() == 1 ? new RootfsSource.Dir(trees.get(0)) : new RootfsSource.Overlay(trees.subList(1, trees.size()), trees.get(0));
        Storage.copyMerged(merged, ctx.rootfs(), true);
        return ctx.rootfs();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
