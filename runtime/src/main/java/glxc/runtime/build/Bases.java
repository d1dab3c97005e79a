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
import java.util.function.Consumer;

/**
 * What a from step stands on. An image: its current layers and settings. A layered template (debian,
 * oci, composed): its cached layers, plus one small layer of its per-container setup made for this image
 * (hostname, network files). Any other template (busybox, an LXC script): its rootfs built once into a
 * layer, cached under the template, its options and the digest of the program that builds it. The
 * config lines the template writes travel with the image to its containers.
 */
final class Bases {
    record Base(String key, List<String> layers, ImageConfig config, boolean cached) {}

    private final Store store;
    private final Images images;
    private final Consumer<String> say;

    Bases(Store store, Images images, Consumer<String> say) {
        this.store = store;
        this.images = images;
        this.say = say;
    }

    Base resolve(String image, BuildStep.From from, boolean force) {
        if (from.kind().equals("image")) {
            BuildRecord base = images.find(from.name()).orElseThrow(() -> new BuildException(image, from.where(),
                    "from image(\"" + from.name() + "\"): no such image in " + store.path() + " (declare it earlier in the script, or build it first)"));
            images.layersOf(base);   // its layers must still be there
            return new Base(base.current().key(), base.current().layers(), base.current().config(), true);
        }
        Template t = Templates.find(from.name()).orElseThrow(() -> new BuildException(image, from.where(),
                "from template(\"" + from.name() + "\"): " + Templates.notFound(from.name())));
        String fingerprint = fingerprint(image, from, t);
        String cacheName = "base-" + StepKey.of(StepKey.FIRST, "template", from.name(), String.join("\0", from.args()), fingerprint, image).substring(0, 40);
        LayerStore layers = images.layers();
        Path configCache = store.path().resolve(Images.FOLDER).resolve(".bases").resolve(cacheName + ".config");
        Optional<LayerStore.Layer> cached = force ? Optional.empty() : layers.named(cacheName);
        if (cached.isPresent() && Files.isRegularFile(configCache)) {
            List<String> stack = new ArrayList<>(List.of(cached.get().digest()));
            stack.addAll(cached.get().parents());
            return new Base(cacheName, stack, ImageConfig.EMPTY.withBaseConfig(read(configCache)), true);
        }
        Built b = buildBase(image, from, t);
        layers.name(cacheName, b.top.digest());
        write(configCache, b.config);
        List<String> stack = new ArrayList<>(List.of(b.top.digest()));
        stack.addAll(b.top.parents());
        return new Base(cacheName, stack, ImageConfig.EMPTY.withBaseConfig(b.config), false);
    }

    private record Built(LayerStore.Layer top, List<String> config) {}

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
            LayerStore.Layer top;
            if (t instanceof LayeredTemplate layered) {
                LayeredTemplate.Prepared p = layered.prepare(ctx);
                p.configure().accept(rootfs);   // the per-container setup, here for the image: its own small layer
                top = layers.add(rootfs, p.layers().stream().map(LayerStore.Layer::digest).toList(), "image " + image + ": " + from.describe() + " setup");
            } else {
                t.build(ctx);
                top = layers.add(rootfs, List.of(), "image " + image + ": " + from.describe());
            }
            List<String> lines = new ArrayList<>();
            for (ConfigLine l : ConfigFile.read(config).lines())
                if (!l.key().equals("lxc.rootfs.path") && !l.key().equals("lxc.uts.name")) lines.add(l.key() + " = " + l.value());
            return new Built(top, lines);
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

    private static List<String> read(Path f) {
        try {
            return Files.readAllLines(f).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void write(Path f, List<String> lines) {
        try {
            Files.createDirectories(f.getParent());
        } catch (IOException e) {
            throw new GlxcException("cannot create " + f.getParent() + ": " + e.getMessage(), e);
        }
        ConfigFile.writeAtomically(f, lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
    }
}
