package glxc.dsl;

import glxc.runtime.build.BuildStep;
import glxc.runtime.build.ImageRecipe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The words of an image { } block, each recorded as a build step with its file:line: from, run,
 * packages, copy, file, env, workdir, user, expose, cmd, entrypoint, label, mount cache:. Nothing runs
 * while the script is read; glxc build runs the steps.
 */
public class ImageBlock {
    /** What template("debian", release: "bookworm") and image("py-base") stand for inside the block. */
    public record Base(String kind, String name, List<String> args) {}

    private final Path script;
    private final List<BuildStep> steps = new ArrayList<>();

    ImageBlock(Path script) {
        this.script = script;
    }

    public Base template(Map<String, Object> options, String name) {
        return new Base("template", name, TemplateArguments.of(options));
    }

    public Base template(String name) {
        return new Base("template", name, List.of());
    }

    public Base image(String name) {
        return new Base("image", name, List.of());
    }

    public void from(Base base) {
        steps.add(new BuildStep.From(base.kind(), base.name(), base.args(), where()));
    }

    /** from "busybox": a template by name. */
    public void from(String template) {
        from(template(template));
    }

    /** run "make" — network: "host" lets it reach the network (its result is then marked not reproducible). */
    public void run(Map<String, Object> options, String command) {
        String network = String.valueOf(options.getOrDefault("network", "none"));
        if (!network.equals("none") && !network.equals("host")) throw new IllegalArgumentException("run: network is \"none\" or \"host\", not \"" + network + "\"");
        steps.add(new BuildStep.Run(command, network, where()));
    }

    public void run(String command) {
        run(Map.of(), command);
    }

    public void packages(String... names) {
        if (names.length == 0) throw new IllegalArgumentException("packages needs at least one name");
        steps.add(new BuildStep.Packages(List.of(names), where()));
    }

    /** copy "app/", to: "/srv/app" from the build context; copy from: image("builder"), "/out/app", to: "/usr/bin/app". */
    public void copy(Map<String, Object> options, String from) {
        Object to = options.get("to");
        if (to == null) throw new IllegalArgumentException("copy \"" + from + "\" needs to: \"/path/inside\"");
        Object source = options.get("from");
        String fromImage = null;
        if (source != null) {
            if (!(source instanceof Base b) || !b.kind().equals("image")) throw new IllegalArgumentException("copy from: takes image(\"NAME\")");
            fromImage = b.name();
        }
        steps.add(new BuildStep.Copy(Path.of(from), fromImage, to.toString(), where()));
    }

    /** file "/etc/motd", "hi\n", mode: 0644 (an octal number, or a string of octal digits: "755"). */
    public void file(Map<String, Object> options, String path, String content) {
        steps.add(new BuildStep.File(path, content, fileMode(options.getOrDefault("mode", 0644)), where()));
    }

    /** A file mode from a script: 0755 (octal literal) or "755"; a decimal 755 is caught by the sticky bit it lands on. */
    static int fileMode(Object mode) {
        int m;
        try {
            m = mode instanceof Number n ? n.intValue() : Integer.parseInt(mode.toString(), 8);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("file mode: \"" + mode + "\" is not an octal mode");
        }
        if (m < 0 || m > 07777) throw new IllegalArgumentException("file mode: " + mode + " is no mode (write 0755, with the leading 0, or \"755\")");
        if (mode instanceof Number && (m & 01000) != 0)
            throw new IllegalArgumentException("file mode: " + mode + " is decimal (octal " + Integer.toOctalString(m) + "); write it with a leading 0, as 0" + mode);
        return m;
    }

    public void file(String path, String content) {
        file(Map.of(), path, content);
    }

    public void env(Map<String, Object> values) {
        Map<String, String> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, String.valueOf(v)));
        steps.add(new BuildStep.Env(m, where()));
    }

    public void workdir(String path) {
        steps.add(new BuildStep.Workdir(path, where()));
    }

    public void user(String user) {
        steps.add(new BuildStep.User(user, where()));
    }

    public void expose(Integer... ports) {
        steps.add(new BuildStep.Expose(List.of(ports), where()));
    }

    public void cmd(String... command) {
        steps.add(new BuildStep.Cmd(List.of(command), where()));
    }

    public void entrypoint(String... command) {
        steps.add(new BuildStep.Entrypoint(List.of(command), where()));
    }

    public void label(Map<String, Object> values) {
        Map<String, String> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, String.valueOf(v)));
        steps.add(new BuildStep.Label(m, where()));
    }

    /** mount cache: "/var/cache/apt" — kept between builds, bound into later run steps, in no layer and no key. */
    public void mount(Map<String, Object> options) {
        Object cache = options.get("cache");
        if (cache == null) throw new IllegalArgumentException("mount takes cache: \"/path/inside\"");
        steps.add(new BuildStep.CacheMount(cache.toString(), where()));
    }

    private String where() {
        return ScriptLoader.callerLine(script);
    }

    ImageRecipe recipe(String name, String source) {
        if (steps.isEmpty() || !(steps.get(0) instanceof BuildStep.From))
            throw new IllegalArgumentException("image '" + name + "' starts with from template(\"busybox\") or from image(\"NAME\")");
        return new ImageRecipe(name, steps, script.toAbsolutePath(), source);
    }
}
