package glxc.runtime.template;

import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerProcess;
import glxc.runtime.api.CreateOptions;
import glxc.runtime.api.LaunchOptions;
import glxc.runtime.api.Store;
import glxc.runtime.api.GlxcException;
import glxc.runtime.build.BuildStaging;
import glxc.runtime.build.BuildStep;
import glxc.runtime.build.ContextFiles;
import glxc.runtime.build.ImageRecipe;
import glxc.runtime.build.Images;
import glxc.runtime.build.PackageInstall;
import glxc.runtime.config.Words;
import glxc.runtime.storage.LayerStore;
import glxc.runtime.storage.RootfsSource;
import glxc.runtime.storage.TreeDigest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A template built from another (a {@link Recipe}): the base's layers, then one layer of its own made by
 * running the steps in a build container whose rootfs is an overlay of the base (its upper becomes the
 * layer, overlay whiteouts and all). The layer is cached under the digest of the recipe's steps, the
 * copied files' contents and the base's layer digests, so an unchanged template is not built again.
 * The build container uses the host's network (lxc.net.0.type = none) so packages can be fetched.
 */
public final class ComposedTemplate implements LayeredTemplate {
    private final Recipe recipe;

    public ComposedTemplate(Recipe recipe) {
        this.recipe = recipe;
    }

    public Recipe recipe() { return recipe; }

    @Override
    public String name() { return recipe.name(); }

    @Override
    public String description() {
        return "composed: from " + recipe.base() + (recipe.baseArgs().isEmpty() ? "" : " " + String.join(" ", recipe.baseArgs()))
                + ", " + recipe.steps().size() + " step(s) (" + recipe.source() + ")";
    }

    @Override
    public Prepared prepare(TemplateContext ctx) {
        refuseCycle(ctx);
        Template base = Templates.find(recipe.base()).orElseThrow(() -> new TemplateException(ctx.name(), name(),
                recipe.source() + ": from \"" + recipe.base() + "\": " + Templates.notFound(recipe.base())));
        if (!(base instanceof LayeredTemplate layered))
            throw new TemplateException(ctx.name(), name(), recipe.source() + ": from \"" + recipe.base() + "\": that template builds no cacheable layers (debian, ubuntu, oci and composed templates do)");
        TemplateContext baseCtx = new TemplateContext(ctx.store(), ctx.name(), ctx.containerDir(), ctx.rootfs(), ctx.configFile(), recipe.baseArgs(), ctx.source());
        Prepared below = layered.prepare(baseCtx);
        List<String> inputs = new ArrayList<>(List.of("composed", recipe.name()));
        for (LayerStore.Layer l : below.layers()) inputs.add(l.digest());
        for (Recipe.Step s : recipe.steps()) inputs.add(s.describe() + (s instanceof Recipe.Copy c ? " " + contentOf(ctx, c) : ""));
        String key = TemplateCache.key(inputs.toArray(String[]::new));
        LayerStore.Layer own = TemplateCache.ensure(ctx, recipe.name(), key, ctx.flag("flush-cache"), (tree, log) -> buildLayer(ctx, below.layers(), tree, log));
        List<LayerStore.Layer> all = new ArrayList<>(List.of(own));
        all.addAll(below.layers());
        return new Prepared(all, below.configure());
    }

    /**
     * A template built from itself, through others or not (a from b, b from a), is an error that names the
     * chain. Templates are told apart by their recipe (a composed one) or themselves, not by name: a name
     * could be a built-in's.
     */
    private void refuseCycle(TemplateContext ctx) {
        Set<Object> seen = new HashSet<>(List.of(recipe));
        List<String> chain = new ArrayList<>(List.of(name()));
        for (Template t = this; t instanceof ComposedTemplate c; ) {
            chain.add(c.recipe().base());
            t = Templates.find(c.recipe().base()).orElse(null);
            if (t != null && !seen.add(t instanceof ComposedTemplate composed ? composed.recipe() : t))
                throw new TemplateException(ctx.name(), name(), recipe.source() + ": the templates are built from each other in a cycle: " + String.join(" from ", chain));
        }
    }

    private String contentOf(TemplateContext ctx, Recipe.Copy c) {
        if (!Files.exists(c.from(), LinkOption.NOFOLLOW_LINKS)) throw new TemplateException(ctx.name(), name(), c.where() + ": copy: " + c.from() + " does not exist");
        if (Files.isDirectory(c.from(), LinkOption.NOFOLLOW_LINKS)) return TreeDigest.of(c.from());
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("glxc-copy-digest-");
            Files.copy(c.from(), tmp.resolve("f"));
            return TreeDigest.of(tmp);
        } catch (IOException e) {
            throw new TemplateException(ctx.name(), name(), c.where() + ": copy: cannot read " + c.from() + ": " + e.getMessage());
        } finally {
            if (tmp != null) glxc.runtime.storage.FileTrees.delete(tmp);
        }
    }

    /** Runs the steps in a build container over the base layers; its overlay upper becomes tree. */
    private void buildLayer(TemplateContext ctx, List<LayerStore.Layer> base, Path tree, Path log) {
        Store store = ctx.store();
        BuildStaging.reapAbandoned(store);
        String buildName = BuildStaging.newName();
        Path upper = store.path().resolve(buildName).resolve("overlay/delta");
        RootfsSource.Overlay rootfs = new RootfsSource.Overlay(base.stream().map(LayerStore.Layer::rootfs).toList(), upper);
        Container build = store.create(buildName, new CreateOptions(null, List.of(), null, List.of(
                "lxc.rootfs.path=" + rootfs.configValue(), "lxc.net.0.type=none", "lxc.uts.name=" + name(), "glxc.seccomp=default")));
        try (Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            Files.createDirectories(upper);
            String manager = PackageInstall.manager(base);
            for (Recipe.Step step : recipe.steps()) {
                ctx.say("Step " + step.where() + ": " + firstLine(step.describe()));
                if (step instanceof Recipe.Packages p) run(ctx, build, out, step, installCommand(ctx, manager, p), List.of(), null);
                else if (step instanceof Recipe.Run r) run(ctx, build, out, step, r.command(), List.of(), null);
                else if (step instanceof Recipe.File f) writeFile(ctx, build, out, f);
                else if (step instanceof Recipe.Copy c) copy(ctx, c, base, upper);
            }
            Files.delete(tree);
            Files.move(upper, tree);   // the same filesystem: a rename
        } catch (IOException e) {
            throw new TemplateException(ctx.name(), name(), "cannot build: " + e.getMessage());
        } finally {
            build.destroy(true);
        }
    }

    private void writeFile(TemplateContext ctx, Container build, Writer out, Recipe.File f) throws IOException {
        Path content = Files.createTempFile(ctx.store().path(), ".glxc-file-", "");
        try {
            Files.writeString(content, f.content());
            String path = q(f.path());
            run(ctx, build, out, f, "mkdir -p \"$(dirname " + path + ")\" && cat > " + path + " && chmod " + Integer.toOctalString(f.mode()) + " " + path,
                    List.of(), content);
        } finally {
            Files.deleteIfExists(content);
        }
    }

    /**
     * Written on the host into the build container's upper while it is stopped, as an image's copy step is:
     * the context confined, links copied as links, everything root's, the destination resolved in the image.
     */
    private void copy(TemplateContext ctx, Recipe.Copy c, List<LayerStore.Layer> base, Path upper) {
        Path script = recipe.source().toAbsolutePath();
        Path relative = script.getParent().relativize(c.from().toAbsolutePath());
        try {
            ContextFiles.copyInto(new ImageRecipe(name(), List.of(), script, c.where()), new BuildStep.Copy(relative, null, c.to(), c.where()),
                    base, upper, upper.resolveSibling("work"), new Images(ctx.store().path()));
        } catch (GlxcException e) {
            throw new TemplateException(ctx.name(), name(), e.getMessage().replaceFirst("^image '[^']*': ", ""));
        }
    }

    private void run(TemplateContext ctx, Container build, Writer log, Recipe.Step step, String command, List<String> overrides, Path stdin) throws IOException {
        LaunchOptions o = LaunchOptions.of("/bin/sh", "-c", command).withOverrides(overrides)
                .withStdio(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null")) : ProcessBuilder.Redirect.from(stdin.toFile()),
                        ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.PIPE);
        ContainerProcess p = build.execute(o);
        List<String> tail = new ArrayList<>();
        Thread errors = new Thread(() -> lines(p.process().getErrorStream(), log, ctx, tail), "glxc-build-stderr");
        errors.start();
        lines(p.process().getInputStream(), log, ctx, tail);
        try {
            errors.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemplateException(ctx.name(), name(), "interrupted at " + step.where());
        }
        int status = p.waitFor();
        if (status != 0)
            throw new TemplateException(ctx.name(), name(), step.where() + ": " + firstLine(step.describe()) + " failed with exit status " + status
                    + (tail.isEmpty() ? "" : "; its last output:\n  " + String.join("\n  ", tail)));
    }

    private static void lines(java.io.InputStream in, Writer log, TemplateContext ctx, List<String> tail) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (tail) {
                    log.write(line + "\n");
                    tail.add(line);
                    if (tail.size() > 8) tail.remove(0);
                }
                ctx.say("  " + line);
            }
        } catch (IOException e) {
            // the command ended; its status says how
        }
    }

    private String installCommand(TemplateContext ctx, String manager, Recipe.Packages p) {
        if (manager == null) throw new TemplateException(ctx.name(), name(), p.where() + ": packages: the base has no apt-get, apk, dnf or yum");
        return PackageInstall.command(manager, p.names());
    }

    /** One shell word, whatever it holds. */
    private static String q(String s) {
        return Words.join(List.of(s));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " ...";
    }
}
