package glxc.dsl;

import glxc.runtime.template.Recipe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The words of a template { } block: a base (from) and the steps that build on it, in order. */
public class TemplateBlock {
    private final Path script;
    private String base;
    private final List<String> baseArgs = new ArrayList<>();
    private final List<Recipe.Step> steps = new ArrayList<>();

    TemplateBlock(Path script) {
        this.script = script;
    }

    /** from "debian", release: "bookworm" — the base template and its options (its --OPTION VALUE arguments). */
    public void from(Map<String, Object> options, String template) {
        from(template);
        baseArgs.addAll(TemplateArguments.of(options));
    }

    public void from(String template) {
        if (base != null) throw new IllegalArgumentException("from is given twice (a template has one base)");
        base = template;
    }

    /** packages "nginx", "curl" — installed with the base's package manager. */
    public void packages(String... names) {
        if (names.length == 0) throw new IllegalArgumentException("packages needs at least one name");
        steps.add(new Recipe.Packages(List.of(names), where()));
    }

    /** file "/etc/motd", "text" (mode: 0644 by default). */
    public void file(Map<String, Object> options, String path, String content) {
        steps.add(new Recipe.File(absolute(path), content, ImageBlock.fileMode(options.getOrDefault("mode", 0644)), where()));
    }

    public void file(String path, String content) {
        file(Map.of(), path, content);
    }

    /** copy "app/", to: "/srv/app" — a file or folder next to the script; keyed by its content. */
    public void copy(Map<String, Object> options, String from) {
        Object to = options.get("to");
        if (to == null) throw new IllegalArgumentException("copy \"" + from + "\" needs to: \"/path/inside\"");
        steps.add(new Recipe.Copy(script.toAbsolutePath().getParent().resolve(from).normalize(), absolute(to.toString()), where()));
    }

    /** run "systemctl enable nginx" — a shell command inside. */
    public void run(String command) {
        steps.add(new Recipe.Run(command, where()));
    }

    private static String absolute(String path) {
        if (!path.startsWith("/")) throw new IllegalArgumentException("'" + path + "' must be an absolute path inside the rootfs");
        return path;
    }

    private String where() {
        return ScriptLoader.callerLine(script);
    }

    Recipe recipe(String name, String source) {
        if (base == null) throw new IllegalArgumentException("template '" + name + "' needs a base: from \"debian\"");
        return new Recipe(name, base, baseArgs, steps, Path.of(source.replaceFirst(":\\d+$", "")));
    }
}
