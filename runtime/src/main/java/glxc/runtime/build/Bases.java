package glxc.runtime.build;

import glxc.runtime.api.GlxcException;
import glxc.runtime.api.Store;
import glxc.runtime.config.ConfigFile;
import glxc.runtime.config.ConfigLine;
import glxc.runtime.storage.FileTrees;
import glxc.runtime.storage.LayerStore;
import glxc.runtime.storage.RootfsSource;
import glxc.runtime.store.Staging;
import glxc.runtime.template.LayeredTemplate;
import glxc.runtime.template.ScriptTemplate;
import glxc.runtime.template.Template;
import glxc.runtime.template.TemplateContext;
import glxc.runtime.template.Templates;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a from step stands on. An image: its current layers and settings. A layered template (debian,
 * oci, composed): its cached layers, plus one small layer of its per-container setup made for this image
 * (hostname, network files). Any other template (busybox, an LXC script): its rootfs built once into a
 * layer, cached under the template, its options and the digest of the program that builds it. The
 * config lines the template writes travel with the image to its containers.
 */
final class Bases {
    /** reproducible: the base itself comes from no download (an image, or a template such as busybox that copies host files). */
    record Base(String key, List<String> layers, ImageConfig config, boolean cached, boolean reproducible) {}

    private final Store store;
    private final Images images;

    Bases(Store store, Images images) {   // a template's own output reaches the caller as the store's events
        this.store = store;
        this.images = images;
    }

    /** The key of a base is its result (layers and settings), so a rebuilt base never takes the steps made over the old one. */
    Base resolve(String image, BuildStep.From from, boolean force) {
        if (from.kind().equals("image")) {
            BuildRecord base = images.find(from.name()).orElseThrow(() -> new BuildException(image, from.where(),
                    "from image(\"" + from.name() + "\"): no such image in " + store.path() + " (declare it in the script, or build it first)"));
            images.layersOf(base);   // its layers must still be there
            StepResult r = base.current();
            return new Base(StepKey.ofResult(r.layers(), r.config()), r.layers(), r.config(), true, true);
        }
        Template t = Templates.find(from.name()).orElseThrow(() -> new BuildException(image, from.where(),
                "from template(\"" + from.name() + "\"): " + Templates.notFound(from.name())));
        String fingerprint = fingerprint(image, from, t);
        List<String> cacheInputs = new ArrayList<>(List.of("template", from.name(), fingerprint, image));
        cacheInputs.addAll(from.args());
        String cacheName = "base-" + StepKey.of(StepKey.FIRST, cacheInputs).substring(0, 40);
        Path record = store.path().resolve(Images.FOLDER).resolve(".bases").resolve(cacheName);
        Optional<Built> cached = force ? Optional.empty() : read(record).filter(b -> b.stack().stream().allMatch(d -> images.layers().find(d).isPresent()));
        Built b = cached.orElseGet(() -> {
            Built made = buildBase(image, from, t);
            write(record, made);
            return made;
        });
        ImageConfig config = ImageConfig.EMPTY.withBaseConfig(b.config());
        return new Base(StepKey.ofResult(b.stack(), config), b.stack(), config, cached.isPresent(), !(t instanceof LayeredTemplate));
    }

    /** A built base: its whole stack as prepared (topmost first; never rebuilt from a shared layer's parents) and the template's config lines. */
    private record Built(List<String> stack, List<String> config) {}

    /** Runs the template into a staging folder (as create would for a container named after the image). */
    private Built buildBase(String image, BuildStep.From from, Template t) {
        LayerStore layers = images.layers();
        Path staging = Staging.begin(layers.root(), "base-" + image);
        try {
            Path rootfs = staging.resolve("rootfs");
            Path config = staging.resolve("config");
            Files.createDirectory(rootfs);
            Files.writeString(config, "lxc.rootfs.path = dir:" + rootfs + "\nlxc.uts.name = " + image + "\n");
            TemplateContext ctx = new TemplateContext(store, image, staging, rootfs, config, from.args(), new RootfsSource.Dir(rootfs));
            List<String> stack = new ArrayList<>();
            String name = "base-layer-" + StepKey.of(StepKey.FIRST, "base", image, from.name(), String.join("\0", from.args())).substring(0, 40);
            if (t instanceof LayeredTemplate layered) {
                LayeredTemplate.Prepared p = layered.prepare(ctx);
                p.configure().accept(rootfs);   // the per-container setup, here for the image: its own small layer
                List<String> below = p.layers().stream().map(LayerStore.Layer::digest).toList();
                stack.add(layers.add(rootfs, below, "image " + image + ": " + from.describe() + " setup", name).digest());
                stack.addAll(below);
            } else {
                t.build(ctx);
                stack.add(layers.add(rootfs, List.of(), "image " + image + ": " + from.describe(), name).digest());
            }
            List<String> lines = new ArrayList<>();
            for (ConfigLine l : ConfigFile.read(config).lines())
                if (!l.key().equals("lxc.rootfs.path") && !l.key().equals("lxc.uts.name")) lines.add(l.key() + " = " + l.value());
            return new Built(stack, lines);
        } catch (IOException e) {
            throw new BuildException(image, from.where(), "cannot build the base: " + e.getMessage());
        } catch (GlxcException e) {
            throw new BuildException(image, from.where(), e.getMessage());
        } finally {
            FileTrees.delete(staging);
        }
    }

    /** What the template's result depends on besides its options: the program that makes it. */
    private static String fingerprint(String image, BuildStep.From from, Template t) {
        if (t instanceof LayeredTemplate) return "layered";   // its own cache keys its inputs
        Path program = t instanceof ScriptTemplate s ? s.executable() : Files.exists(Path.of("/bin/busybox")) ? Path.of("/bin/busybox") : Path.of("/usr/bin/busybox");
        try {
            return Builder.digestOf(program.toRealPath()) + " " + t.getClass().getName();
        } catch (IOException e) {
            throw new BuildException(image, from.where(), "cannot read " + program + ": " + e.getMessage());
        }
    }

    private static Optional<Built> read(Path f) {
        try {
            List<String> stack = new ArrayList<>();
            List<String> config = new ArrayList<>();
            for (String line : Files.readAllLines(f)) {
                if (line.startsWith("layer ")) stack.add(line.substring(6));
                else if (line.startsWith("config ")) config.add(line.substring(7));
            }
            return stack.isEmpty() ? Optional.empty() : Optional.of(new Built(stack, config));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void write(Path f, Built b) {
        try {
            Files.createDirectories(f.getParent());
        } catch (IOException e) {
            throw new GlxcException("cannot create " + f.getParent() + ": " + e.getMessage(), e);
        }
        StringBuilder text = new StringBuilder();
        for (String d : b.stack()) text.append("layer ").append(d).append('\n');
        for (String l : b.config()) text.append("config ").append(l).append('\n');
        ConfigFile.writeAtomically(f, text.toString());
    }
}
