package glxc.dsl;

import glxc.runtime.api.GlxcException;
import glxc.runtime.config.ConfigKeys;
import glxc.runtime.store.ContainerName;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.MissingMethodException;
import groovy.lang.Script;

import java.nio.file.Path;

/**
 * The base class of every .lxc.groovy script: its top-level words record declarations into the
 * script's model; nothing acts on the host while a script runs.
 */
public abstract class GlxcScript extends Script {
    private ScriptModel model;
    private Path file;

    void attach(ScriptModel model, Path file) {
        this.model = model;
        this.file = file;
    }

    ScriptModel model() {
        return model;
    }

    /** The folder of this script, for paths next to it: mount "${scriptDir}/site", at: "/var/www" */
    public String getScriptDir() {
        return file.toAbsolutePath().getParent().toString();   // in the REPL: its working directory
    }

    public void container(String name, @DelegatesTo(value = ContainerContext.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        String source = ScriptLoader.callerLine(file);
        try {
            ContainerName.check(name);
        } catch (GlxcException e) {
            throw new DslException(source, e.getMessage());
        }
        ContainerContext context = new ContainerContext(name);
        run(body, context, "container '" + name + "'", Vocabulary.CONTAINER.keySet());
        model.add(context.spec(source), source);
    }

    public void network(String name, @DelegatesTo(value = NetworkContext.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        String source = ScriptLoader.callerLine(file);
        try {
            ConfigKeys.interfaceName(name);
        } catch (IllegalArgumentException e) {
            throw new DslException(source, "network '" + name + "': " + e.getMessage());
        }
        NetworkContext context = new NetworkContext();
        run(body, context, "network '" + name + "'", Vocabulary.NETWORK.keySet());
        model.add(context.spec(name, source), source);
    }

    /** template "web-base", { from "debian"; packages "nginx"; file "/etc/motd", "hi\n"; run "..." } — a composed template. */
    public void template(String name, @DelegatesTo(value = TemplateBlock.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        String source = ScriptLoader.callerLine(file);
        try {
            ContainerName.check(name);
        } catch (GlxcException e) {
            throw new DslException(source, "template: " + e.getMessage().replace("container name", "template name"));
        }
        TemplateBlock block = new TemplateBlock(file);
        run(body, block, "template '" + name + "'", Vocabulary.TEMPLATE.keySet());
        try {
            model.add(block.recipe(name, source), source);
        } catch (IllegalArgumentException e) {
            throw new DslException(source, e.getMessage());
        }
    }

    /** image "webapp", { from image("py-base"); copy "app/", to: "/srv/app"; run "..."; cmd "..." } — an image built by glxc build. */
    public void image(String name, @DelegatesTo(value = ImageBlock.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        String source = ScriptLoader.callerLine(file);
        try {
            ContainerName.check(name);
        } catch (GlxcException e) {
            throw new DslException(source, "image: " + e.getMessage().replace("container name", "image name"));
        }
        ImageBlock block = new ImageBlock(file);
        try {
            run(body, block, "image '" + name + "'", Vocabulary.IMAGE.keySet());
            model.add(block.recipe(name, source), source);
        } catch (IllegalArgumentException e) {
            throw new DslException(source, e.getMessage());
        }
    }

    /** image("webapp") outside an image block: a container's base (container "a", { from image("webapp") }). */
    public ImageBlock.Base image(String name) {
        return new ImageBlock.Base("image", name, java.util.List.of());
    }

    /** include "base.lxc.groovy" — another script's declarations, its path relative to this one. */
    public void include(String path) {
        Path target = file.resolveSibling(path).toAbsolutePath().normalize();
        String from = ScriptLoader.callerLine(file);
        if (!model.entering(target)) throw new DslException(from, "include \"" + path + "\": " + target + " is already being read (an include cycle)");
        try {
            ScriptLoader.evaluate(target, model, from);
        } finally {
            model.leaving(target);
        }
    }

    /**
     * Delegate first, so a script's own functions and variables work inside a block; a word that is
     * neither the block's nor the script's is an unknown setting of the block.
     */
    private void run(Closure<?> body, Object context, String what, Iterable<String> words) {
        Closure<?> c = (Closure<?>) body.clone();
        c.setDelegate(context);
        c.setResolveStrategy(Closure.DELEGATE_FIRST);
        try {
            c.call();
        } catch (MissingMethodException e) {
            if (e.getType() != context.getClass() && !(e.getType() != null && GlxcScript.class.isAssignableFrom(e.getType()))) throw e;
            throw new DslException(ScriptLoader.lineOf(file, e), "unknown setting '" + e.getMethod() + "' in " + what
                    + Vocabulary.suggestion(e.getMethod(), words));
        }
    }
}
