package glxc.runtime.build;

import glxc.runtime.api.Store;
import glxc.runtime.lifecycle.Rootless;
import glxc.runtime.storage.DiskUsage;
import glxc.runtime.storage.FileTrees;
import glxc.runtime.storage.LayerStore;
import glxc.runtime.storage.TreeScrub;
import glxc.runtime.store.Staging;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * inputs (its words, the settings it runs with, the contents it copies, the result of the base it stands
 * on); a step whose key names a layer already is taken from the cache without starting anything. A step
 * that makes files gets a layer of its own in the store's layer store (shared, content-addressed, pruned
 * by glxc prune); the image is the stack of those layers and the settings. A failing step stops the build
 * with its file:line; the layers of the steps before it stay cached, so the next build starts there.
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

    /** What the loop carries from step to step. */
    private static final class State {
        String key;
        List<String> stack = List.of();
        ImageConfig config = ImageConfig.EMPTY;
        final List<String> caches = new ArrayList<>();   // cache mounts: bound into later runs, in their keys, in no layer
    }

    public BuildRecord build(ImageRecipe recipe, BuildOptions options) {
        List<BuildStep> steps = recipe.steps();
        if (steps.isEmpty() || !(steps.get(0) instanceof BuildStep.From))
            throw new BuildException(recipe.name(), recipe.where(), "an image starts with from template(...) or from image(...)");
        if (Rootless.active())
            throw new BuildException(recipe.name(), recipe.where(), "glxc build needs root so far (its layers hold files of many owners, and its "
                    + "build containers are privileged)");
        BuildStaging.reapAbandoned(store);
        State s = new State();
        s.key = StepKey.of(StepKey.FIRST, "SOURCE_DATE_EPOCH", Long.toString(options.sourceDateEpoch()));
        Optional<BuildRecord> previous = images.find(recipe.name());
        List<StepResult> results = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            BuildStep step = steps.get(i);
            int index = i + 1;
            listener.started(recipe.name(), index, steps.size(), step);
            StepResult r;
            try {
                r = step(recipe, step, index, s, previous, options);
            } catch (BuildException e) {
                throw e;
            } catch (RuntimeException e) {   // every failure names the step it stopped at
                throw new BuildException(recipe.name(), step.where(), step.describe() + ": " + e.getMessage());
            }
            results.add(r);
            listener.finished(recipe.name(), r);
        }
        String lastKey = s.key;   // the same result as last time keeps its creation time
        String built = previous.filter(p -> p.steps().size() == results.size() && p.steps().get(p.steps().size() - 1).key().equals(lastKey))
                .map(BuildRecord::built).orElse(Instant.now().toString());
        BuildRecord record = new BuildRecord(recipe.name(), recipe.script(), digestOf(recipe.script()), built, options.sourceDateEpoch(), results.size(), results);
        images.save(record);
        return record;
    }

    private StepResult step(ImageRecipe recipe, BuildStep step, int index, State s, Optional<BuildRecord> previous, BuildOptions options) {
        long t0 = System.nanoTime();
        boolean force = options.noCache() || index >= options.fromStep();
        if (step instanceof BuildStep.From from) {
            if (index > 1) throw new BuildException(recipe.name(), step.where(), "from is the first step only (an image has one base)");
            Bases.Base base = new Bases(store, images).resolve(recipe.name(), from, force);
            s.key = StepKey.of(s.key, concat(step.keyInputs(), List.of(base.key())));
            s.stack = base.layers();
            for (String d : s.stack) images.pin(recipe.name(), d);
            s.config = base.config();
            return new StepResult(index, step.where(), step.describe(), s.key, null, s.stack, 0, millis(t0), base.cached(), base.reproducible(), s.config);
        }
        if (step instanceof BuildStep.CacheMount m) {
            s.caches.add(s.config.resolve(m.path()));
            return new StepResult(index, step.where(), step.describe(), s.key, null, s.stack, 0, millis(t0), true, true, s.config);
        }
        if (!step.makesLayer()) {
            s.config = s.config.after(step);
            s.key = StepKey.of(s.key, step.keyInputs());
            return new StepResult(index, step.where(), step.describe(), s.key, null, s.stack, 0, millis(t0), true, true, s.config);
        }
        LayerStore layers = images.layers();
        List<LayerStore.Layer> below = stackLayers(s.stack);
        Path staging = Staging.begin(layers.root(), "step-" + recipe.name());
        try {
            Path staged = staging.resolve("staged");
            List<String> inputs = concat(step.keyInputs(), inputsOf(recipe, step, s, below, staged));
            s.key = StepKey.of(s.key, inputs);
            String cacheName = "build-" + s.key;
            Optional<LayerStore.Layer> cached = force ? Optional.empty() : layers.named(cacheName);
            LayerStore.Layer layer;
            if (cached.isPresent()) {
                layer = cached.get();
                images.pin(recipe.name(), layer.digest());   // a prune during the rest of the build keeps it
            } else {
                layer = makeLayer(recipe, index, step, below, s, staging, Images.pinName(recipe.name(), ""), options);   // pinned as it is stored
                layers.name(cacheName, layer.digest());
            }
            // a step that downloads (packages, a run on the network) or reads a cache mount may give other bytes next time
            boolean reproducible = !(step instanceof BuildStep.Packages) && !(step instanceof BuildStep.Run run && (!run.network().equals("none") || !s.caches.isEmpty()));
            s.stack = push(s.stack, layer);
            String key = s.key;
            long took = cached.isPresent() ? previous.flatMap(p -> previousOf(p, key)).map(StepResult::millis).orElse(millis(t0)) : millis(t0);
            long bytes = previous.flatMap(p -> previousOf(p, key)).filter(p -> cached.isPresent()).map(StepResult::bytes).orElseGet(() -> DiskUsage.of(layer.rootfs()));
            return new StepResult(index, step.where(), step.describe(), s.key, layer.digest(), s.stack, bytes, took, cached.isPresent(), reproducible, s.config);
        } catch (IOException e) {
            throw new BuildException(recipe.name(), step.where(), "cannot make the step's layer: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new BuildException(recipe.name(), step.where(), "cannot make the step's layer: " + e.getCause().getMessage());
        } finally {
            FileTrees.delete(staging);
        }
    }

    /**
     * What a layer step depends on besides its words: the settings and cache mounts a run or packages step
     * runs with (and the exact install command), the staged contents of a copy, the workdir a path is
     * resolved against.
     */
    private List<String> inputsOf(ImageRecipe recipe, BuildStep step, State s, List<LayerStore.Layer> below, Path staged) throws IOException {
        List<String> in = new ArrayList<>(s.config.keyInputs());
        if (step instanceof BuildStep.Copy c) {
            Files.createDirectory(staged);
            in.add(ContextFiles.stage(recipe, c, images, staged));
        } else if (step instanceof BuildStep.Run || step instanceof BuildStep.Packages) {
            in.add("caches");
            in.addAll(s.caches);
            if (step instanceof BuildStep.Packages p) {
                String manager = PackageInstall.manager(below);
                if (manager == null) throw new BuildException(recipe.name(), step.where(), "packages: the base has no apt-get, apk, dnf or yum");
                in.add(PackageInstall.command(manager, p.names()));
            }
        }
        return in;
    }

    private LayerStore.Layer makeLayer(ImageRecipe recipe, int index, BuildStep step, List<LayerStore.Layer> below, State s, Path staging,
                                       String pinPrefix, BuildOptions options) throws IOException {
        Path tree = staging.resolve("rootfs");
        Path work = staging.resolve("work");
        if (step instanceof BuildStep.Copy c) {
            Files.createDirectories(tree);
            Files.createDirectories(work);
            ContextFiles.place(recipe, c, staging.resolve("staged"), s.config, below, tree, work);
        } else if (step instanceof BuildStep.File f) {
            Files.createDirectories(tree);
            Files.createDirectories(work);
            ContextFiles.write(recipe, f, s.config, below, tree, work);
        } else {
            new StepRunner(store, recipe.name(), index, line -> listener.output(recipe.name(), index, line))
                    .run(step, below, s.config, s.caches, options.sourceDateEpoch(), tree);
            TreeScrub.clean(tree);
        }
        TreeScrub.clampTimes(tree, options.sourceDateEpoch());
        List<String> parents = below.stream().map(LayerStore.Layer::digest).toList();
        return images.layers().addNamed(tree, parents, "image " + recipe.name() + " step " + index + ": " + step.describe(), pinPrefix);
    }

    private static Optional<StepResult> previousOf(BuildRecord p, String key) {
        return p.steps().stream().filter(r -> r.key().equals(key)).findFirst();
    }

    private List<LayerStore.Layer> stackLayers(List<String> stack) {
        List<LayerStore.Layer> out = new ArrayList<>();
        for (String d : stack)
            out.add(images.layers().find(d).orElseThrow(() -> new IllegalStateException("the layer " + d + " is gone from " + images.layers().root()
                    + " (pruned meanwhile?): build again")));
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

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
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
