package glxc.runtime.build;

import glxc.runtime.config.ConfigFile;
import glxc.runtime.config.Words;
import glxc.runtime.storage.LayerStore;
import glxc.runtime.template.LayeredTemplate;
import glxc.runtime.template.Template;
import glxc.runtime.template.TemplateContext;
import glxc.runtime.template.TemplateException;
import glxc.runtime.template.Templates;

import java.util.List;
import java.util.Optional;

/**
 * A built image as a template, "image:NAME": its layers (shared as overlay lowers with -B overlay, which
 * the DSL's from image(...) uses, else copied) and its settings as the container's config: the base
 * template's lines, lxc.environment, lxc.init.cwd, lxc.init.uid/gid, and entrypoint + cmd as
 * lxc.init.cmd and lxc.execute.cmd.
 */
public final class ImageTemplate implements LayeredTemplate {
    public static final String PREFIX = "image:";

    /** Lets create -t image:NAME find images. */
    public static final Templates.Source SOURCE = new Templates.Source() {
        public Optional<Template> find(String name) {
            return name.startsWith(PREFIX) && name.length() > PREFIX.length() ? Optional.of(new ImageTemplate(name.substring(PREFIX.length()))) : Optional.empty();
        }

        public List<Template> all() {
            return List.of();
        }
    };

    private final String image;

    public ImageTemplate(String image) {
        this.image = image;
    }

    @Override
    public String name() { return PREFIX + image; }

    @Override
    public String description() { return "the image " + image + " (glxc build)"; }

    @Override
    public Prepared prepare(TemplateContext ctx) {
        Images images = new Images(ctx.store().path());
        BuildRecord r;
        List<LayerStore.Layer> layers;
        try {
            r = images.get(image);
            layers = images.layersOf(r);
        } catch (RuntimeException e) {
            throw new TemplateException(ctx.name(), name(), e.getMessage());
        }
        ImageConfig c = r.current().config();
        return new Prepared(layers, writable -> {
            ConfigFile config = ConfigFile.read(ctx.configFile());
            for (String line : c.baseConfig()) {
                int eq = line.indexOf('=');
                if (eq > 0) config.append(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
            for (var e : c.env().entrySet()) config.append("lxc.environment", e.getKey() + "=" + e.getValue());
            if (!c.workdir().equals("/")) config.set("lxc.init.cwd", c.workdir());
            if (c.user() != null) {
                int[] ids = Passwd.resolve(layers, c.user(), image, r.current().where());
                config.set("lxc.init.uid", Integer.toString(ids[0]));
                config.set("lxc.init.gid", Integer.toString(ids[1]));
            }
            if (!c.command().isEmpty()) {
                config.set("lxc.init.cmd", Words.join(c.command()));
                config.set("lxc.execute.cmd", Words.join(c.command()));
            }
            config.write();
        });
    }
}
