package glxc.runtime.build;

import glxc.runtime.api.Store;
import glxc.runtime.storage.DiskUsage;
import glxc.runtime.storage.FileTrees;
import glxc.runtime.storage.LayerStore;
import glxc.runtime.storage.TreeScrub;
import glxc.runtime.store.Staging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Runs an image's steps in order. Each step has a key, the digest of its parent's key and of its own
 * inputs (the command, the settings it runs with, the contents of what it copies); a step whose key
 * names a layer already is taken from the cache without starting anything. A step that makes files
 * gets a layer of its own in the store's layer store (shared, content-addressed, pruned by glxc prune);
 * the image is the stack of those layers and the settings. A failing step stops the build; the layers
 * of the steps before it stay cached, so the next build starts at the failing one.
 */
public final class Builder {
    private final Store store;
    private final Images images;
    private final BuildListener listener;

    public Builder(Store store, BuildListener listener) {
        this.store = store;
        this.images = new Images(store.path());
        this.listener = listener;
    }

    public Images images() { return images; }

    public BuildRecord build(ImageRecipe recipe, BuildOptions options) {
        List<BuildStep> steps = recipe.steps();
        if (steps.isEmpty() || !(steps.get(0) instanceof BuildStep.From))
            throw new BuildException(recipe.name(), recipe.where(), "an image starts with from template(...) or from image(...)");
        LayerStore layers = images.layers();
        String key = StepKey.FIRST;
        List<String> stack = List.of();
        ImageConfig config = ImageConfig.EMPTY;
        List<StepResult> results = new ArrayList<>();
        Optional<BuildRecord> previous = images.find(recipe.name());
        List<String> caches = new ArrayList<>();   // cache mounts: in no key and no layer
        for (int i = 0; i < steps.size(); i++) {
            BuildStep step = steps.get(i);
            int index = i + 1;
            if (i > 0 && step instanceof BuildStep.From)
                throw new BuildException(recipe.name(), step.where(), "from is the first step only (an image has one base)");
            listener.started(recipe.name(), index, steps.size(), step);
            long t0 = System.nanoTime();
            boolean force = options.noCache() || index >= options.fromStep();
            StepResult r;
            if (step instanceof BuildStep.From from) {
                Bases.Base base = new Bases(store, images, line -> listener.output(recipe.name(), index, line)).resolve(recipe.name(), from, force);
                key = StepKey.of(key, step.describe(), base.key());
                stack = base.layers();
                config = base.config();
                r = new StepResult(index, step.where(), step.describe(), key, null, stack, 0, millis(t0), base.cached(), true, config);
            } else if (step instanceof BuildStep.CacheMount m) {
                caches.add(config.resolve(m.path()));
                r = new StepResult(index, step.where(), step.describe(), key, null, stack, 0, millis(t0), true, true, config);
            } else if (!step.makesLayer()) {
                config = config.after(step);
                key = StepKey.of(key, step.describe());
                r = new StepResult(index, step.where(), step.describe(), key, null, stack, 0, millis(t0), true, true, config);
            } else {
                key = StepKey.of(key, step.describe(), inputsOf(recipe, step, config));
                String cacheName = "build-" + key;
                Optional<LayerStore.Layer> cached = force ? Optional.empty() : layers.named(cacheName);
                boolean reproducible = !(step instanceof BuildStep.Packages) && !(step instanceof BuildStep.Run run && !run.network().equals("none"));
                List<String> below = stack;
                ImageConfig settings = config;
                LayerStore.Layer layer = cached.orElseGet(() -> makeLayer(recipe, index, step, stackLayers(below), settings, caches, options));
                if (cached.isEmpty()) layers.name(cacheName, layer.digest());
                stack = push(stack, layer);
                long took = cached.isPresent() ? previousMillis(previous, key).orElse(millis(t0)) : millis(t0);   // a cached step keeps the time it took to make
                r = new StepResult(index, step.where(), step.describe(), key, layer.digest(), stack, DiskUsage.of(layer.rootfs()), took,
                        cached.isPresent(), reproducible, config);
            }
            results.add(r);
            listener.finished(recipe.name(), r);
        }
        String key0 = key;   // the same result as last time keeps its creation time
        String built = previous.filter(p -> p.steps().size() == results.size() && p.steps().get(p.steps().size() - 1).key().equals(key0))
                .map(BuildRecord::built).orElse(Instant.now().toString());
        BuildRecord record = new BuildRecord(recipe.name(), recipe.script(), digestOf(recipe.script()), built, options.sourceDateEpoch(), results.size(), results);
        images.save(record);
        return record;
    }

    /** What a layer step depends on besides its words: the settings it runs with, the contents it copies. */
    private String inputsOf(ImageRecipe recipe, BuildStep step, ImageConfig config) {
        if (step instanceof BuildStep.Copy c) return config.workdir() + "\n" + ContextFiles.digest(recipe, c, images);
        if (step instanceof BuildStep.Run || step instanceof BuildStep.Packages)
            return "env " + config.env() + "\nworkdir " + config.workdir() + "\nuser " + config.user();
        if (step instanceof BuildStep.File f) return config.workdir() + "\n" + f.content();
        return config.workdir();
    }

    private LayerStore.Layer makeLayer(ImageRecipe recipe, int index, BuildStep step, List<LayerStore.Layer> below, ImageConfig config,
                                       List<String> caches, BuildOptions options) {
        LayerStore layers = images.layers();
        Path staging = Staging.begin(layers.root(), "step-" + recipe.name());
        try {
            Path tree = staging.resolve("rootfs");
            if (step instanceof BuildStep.Copy c) {
                Files.createDirectory(tree);
                ContextFiles.copy(recipe, c, config, below, tree, images);
            } else if (step instanceof BuildStep.File f) {
                Files.createDirectory(tree);
                ContextFiles.write(f, config, below, tree);
            } else {
                new StepRunner(store, recipe.name(), index, line -> listener.output(recipe.name(), index, line)).run(step, below, config, caches, tree);
                TreeScrub.clean(tree);
            }
            TreeScrub.clampTimes(tree, options.sourceDateEpoch());
            List<String> parents = below.stream().map(LayerStore.Layer::digest).toList();
            return layers.add(tree, parents, "image " + recipe.name() + " step " + index + ": " + step.describe());
        } catch (IOException e) {
            throw new BuildException(recipe.name(), step.where(), "cannot make the step's layer: " + e.getMessage());
        } finally {
            FileTrees.delete(staging);
        }
    }

    private static Optional<Long> previousMillis(Optional<BuildRecord> previous, String key) {
        return previous.flatMap(p -> p.steps().stream().filter(s -> s.key().equals(key)).map(StepResult::millis).findFirst());
    }

    private List<LayerStore.Layer> stackLayers(List<String> stack) {
        List<LayerStore.Layer> out = new ArrayList<>();
        for (String d : stack) out.add(images.layers().find(d).orElseThrow());
        return out;
    }

    /** The new layer on top; an empty layer changes nothing and is left out, and a layer already lower is moved up (identical content: the top copy decides). */
    private static List<String> push(List<String> stack, LayerStore.Layer layer) {
        if (isEmpty(layer.rootfs())) return stack;
        List<String> out = new ArrayList<>();
        out.add(layer.digest());
        for (String d : stack) if (!d.equals(layer.digest())) out.add(d);
        return out;
    }

    private static boolean isEmpty(Path dir) {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static String digestOf(Path file) {
        if (file == null || !Files.isRegularFile(file)) return null;
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            return null;
        }
    }
}
