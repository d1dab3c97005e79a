package glxc.runtime.build;

import glxc.runtime.api.GlxcException;
import glxc.runtime.storage.FileTrees;
import glxc.runtime.storage.LayerStore;
import glxc.runtime.store.ContainerName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A store's images: one build record per image in {@code .glxc-images/NAME.json}, written whole (a
 * rename), and a layer-store name {@code image-NAME} on the layer the image points at, which keeps its
 * layers from prune (each layer names its parents).
 */
public final class Images {
    public static final String FOLDER = ".glxc-images";

    private final Path storePath;
    private final LayerStore layers;

    public Images(Path storePath) {
        this.storePath = storePath;
        this.layers = new LayerStore(storePath);
    }

    public LayerStore layers() { return layers; }

    private Path file(String name) {
        ContainerName.check(name);
        return storePath.resolve(FOLDER).resolve(name + ".json");
    }

    public Optional<BuildRecord> find(String name) {
        Path f = file(name);
        try {
            return Optional.of(RecordJson.read(Files.readString(f), f.toString()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new GlxcException("cannot read the image record " + f + ": " + e.getMessage(), e);
        }
    }

    public BuildRecord get(String name) {
        return find(name).orElseThrow(() -> new GlxcException("no image '" + name + "' in " + storePath + " (glxc build a script that declares it)"));
    }

    public List<BuildRecord> list() {
        Path dir = storePath.resolve(FOLDER);
        if (!Files.isDirectory(dir)) return List.of();
        List<BuildRecord> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String n = f.getFileName().toString();
                if (n.endsWith(".json") && !n.startsWith(".")) find(n.substring(0, n.length() - 5)).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new GlxcException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    public void save(BuildRecord r) {
        Path f = file(r.name());
        try {
            Files.createDirectories(f.getParent());
            Path tmp = Files.createTempFile(f.getParent(), ".tmp-" + r.name(), ".json");
            Files.writeString(tmp, RecordJson.write(r));
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new GlxcException("cannot write the image record " + f + ": " + e.getMessage(), e);
        }
        keepLayers(r);
    }

    /**
     * Every layer of every step the record holds is named image-NAME.DIGEST, so prune (even --all) keeps the
     * image and its whole history, whatever parents a shared layer was first stored with; names of layers
     * the record no longer holds go.
     */
    private void keepLayers(BuildRecord r) {
        java.util.Set<String> wanted = new java.util.TreeSet<>();
        for (StepResult s : r.steps()) wanted.addAll(s.layers());
        String prefix = LayerStore.KEPT_BY_ALL + r.name() + ".";
        for (String d : wanted) layers.name(prefix + d, d);
        for (String n : layers.names()) if (n.startsWith(prefix) && !wanted.contains(n.substring(prefix.length()))) layers.unname(n);
    }

    /**
     * Names a layer for an image while it is being built, before its record exists: a prune (even --all)
     * meanwhile keeps it. The next record of the image drops the names it does not hold.
     */
    void pin(String image, String digest) {
        layers.name(pinName(image, digest), digest);
    }

    static String pinName(String image, String digest) {
        return LayerStore.KEPT_BY_ALL + image + "." + digest;
    }

    /** Forgets an image: its record and its names (also those of a build that never finished); its layers go at the next prune unless something else uses them. */
    public void remove(String name) {
        String pinned = LayerStore.KEPT_BY_ALL + name + ".";
        if (find(name).isEmpty() && layers.names().stream().noneMatch(n -> n.startsWith(pinned))) get(name);   // says there is no such image
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new GlxcException("cannot remove the image record " + file(name) + ": " + e.getMessage(), e);
        }
        String prefix = LayerStore.KEPT_BY_ALL + name + ".";
        for (String n : layers.names()) if (n.startsWith(prefix)) layers.unname(n);
        Path folder = storePath.resolve(FOLDER);   // its step logs and cache-mount folders go with it
        FileTrees.delete(folder.resolve("logs").resolve(name));
        FileTrees.delete(folder.resolve("caches").resolve(name));
    }

    /** The image points at an earlier (or later) step's result again; its record keeps every step. */
    public BuildRecord rollback(String name, int step) {
        BuildRecord r;
        try {
            r = get(name).pointingAt(step);
        } catch (IllegalArgumentException e) {
            throw new GlxcException(e.getMessage());
        }
        save(r);
        return r;
    }

    /** The layers of an image's current result, topmost first. */
    public List<LayerStore.Layer> layersOf(BuildRecord r) {
        List<LayerStore.Layer> out = new ArrayList<>();
        for (String d : r.current().layers())
            out.add(layers.find(d).orElseThrow(() -> new GlxcException("image '" + r.name() + "': its layer " + d + " is gone from " + layers.root()
                    + " (pruned?): build it again")));
        return out;
    }
}
