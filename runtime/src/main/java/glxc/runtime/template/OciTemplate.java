package glxc.runtime.template;

import glxc.runtime.api.GlxcException;
import glxc.runtime.config.Words;
import glxc.runtime.image.LayerUnpacker;
import glxc.runtime.image.OciImage;
import glxc.runtime.storage.FileTrees;
import glxc.runtime.storage.LayerStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An OCI image as the rootfs (like LXC's lxc-oci): --url oci:LAYOUT[:TAG] for an image layout on disk
 * (what umoci and skopeo write), or docker://REGISTRY/REPO:TAG, which skopeo (package skopeo) copies
 * into a layout first. The layers are applied in order with whiteouts, checked against their digests,
 * and cached as one layer named by the manifest's digest; the image config's entrypoint and cmd, env,
 * working dir and user become lxc.execute.cmd / lxc.init.cmd, lxc.environment, lxc.init.cwd/uid/gid.
 */
public final class OciTemplate implements LayeredTemplate {
    @Override
    public String name() { return "oci"; }

    @Override
    public String description() {
        return "an OCI image: --url oci:LAYOUT[:TAG] or docker://REGISTRY/REPO:TAG (with skopeo; --insecure for a plain-http registry), --flush-cache";
    }

    @Override
    public Prepared prepare(TemplateContext ctx) {
        String url = ctx.option("url", null);
        if (ctx.flag("help") || url == null) throw new TemplateException(ctx.name(), name(), "options: " + description());
        Path fetched = null;
        try {
            String layoutRef = url;
            if (url.startsWith("docker://")) {
                fetched = Files.createTempDirectory(ctx.store().path(), ".glxc-oci-");
                layoutRef = "oci:" + fetched.resolve("layout") + ":image";
                Skopeo.copy(ctx, url, layoutRef, ctx.flag("insecure"));
            }
            if (!layoutRef.startsWith("oci:")) throw new TemplateException(ctx.name(), name(), "--url takes oci:LAYOUT[:TAG] or docker://REGISTRY/REPO:TAG, not '" + url + "'");
            OciImage image = OciImage.open(layoutRef.substring(4));
            String key = image.manifestDigest().replace("sha256:", "");
            LayerStore.Layer layer = TemplateCache.ensure(ctx, name(), key, ctx.flag("flush-cache"), (tree, log) -> {
                LayerUnpacker unpacker = new LayerUnpacker(tree, ctx::say);
                int n = 0;
                for (OciImage.Blob blob : image.layers()) {
                    ctx.say("Applying layer " + (++n) + "/" + image.layers().size() + " " + blob.digest());
                    try (InputStream in = image.layer(blob)) {
                        unpacker.apply(in, blob.digest());
                    } catch (IOException e) {
                        throw new TemplateException(ctx.name(), name(), "layer " + blob.digest() + ": " + e.getMessage());
                    }
                }
                for (String dir : List.of("dev", "proc", "sys", "tmp")) {
                    try {
                        Files.createDirectories(tree.resolve(dir));
                    } catch (IOException e) {
                        throw new TemplateException(ctx.name(), name(), "cannot make /" + dir + ": " + e.getMessage());
                    }
                }
            });
            OciImage.Config config = image.config();
            return new Prepared(List.of(layer), writable -> writeConfig(ctx, config, layer.rootfs()));
        } catch (IOException e) {
            throw new TemplateException(ctx.name(), name(), e.getMessage());
        } catch (GlxcException | IllegalArgumentException e) {
            if (e instanceof TemplateException) throw e;
            throw new TemplateException(ctx.name(), name(), e.getMessage());
        } finally {
            if (fetched != null) FileTrees.delete(fetched);
        }
    }

    private void writeConfig(TemplateContext ctx, OciImage.Config c, Path rootfs) {
        List<String> command = new ArrayList<>(c.entrypoint());
        command.addAll(c.cmd());
        List<String> kv = new ArrayList<>();
        if (!command.isEmpty()) {
            kv.addAll(List.of("lxc.execute.cmd", Words.join(command), "lxc.init.cmd", Words.join(command)));
        }
        for (String e : c.env())   // KEY=VALUE only: a bare NAME would hand the container the caller's variable
            if (e.indexOf('=') > 0) kv.addAll(List.of("lxc.environment", e));
        if (!c.workingDir().isEmpty()) kv.addAll(List.of("lxc.init.cwd", c.workingDir()));
        if (!c.user().isEmpty()) {
            int[] ids = Users.resolve(rootfs, c.user(), ctx);
            kv.addAll(List.of("lxc.init.uid", Integer.toString(ids[0]), "lxc.init.gid", Integer.toString(ids[1])));
        }
        kv.addAll(List.of("lxc.mount.auto", "proc:mixed sys:ro cgroup:ro", "lxc.autodev", "1"));
        RootfsWriter.appendConfig(ctx.configFile(), kv.toArray(String[]::new));
    }
}
