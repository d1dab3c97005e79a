package glxc.runtime.template;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.util.List;
import java.util.ArrayList;
import java.util.Optional;

/**
 * The template registry: built-in templates by name, then an executable path, then LXC's installed
 * template scripts (lxc-NAME in LXC's template folder), run unchanged with LXC's calling convention.
 */
public final class Templates {
    public static final List<Template> BUILT_IN = List.of(new BusyboxTemplate(), new HostTemplate(), DebootstrapTemplate.debian(), DebootstrapTemplate.ubuntu(), new OciTemplate());
    public static final List<Path> LXC_TEMPLATE_DIRS = List.of(Path.of("/usr/share/lxc/templates"), Path.of("/usr/local/share/lxc/templates"));

    /** Where templates beyond the built-ins come from: the DSL's library of composed templates plugs in here. */
    public interface Source {
        Optional<Template> find(String name);

        List<Template> all();
    }

    private static final List<Source> SOURCES = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Templates() {}

    public static void addSource(Source source) {
        SOURCES.add(source);
    }

    /** A built-in by name, then a composed template of a library, then a path, then LXC's lxc-NAME script. */
    public static Optional<Template> find(String nameOrPath) {
        for (Template t : BUILT_IN) if (t.name().equals(nameOrPath)) return Optional.of(t);
        if (!nameOrPath.contains("/"))
            for (Source s : SOURCES) {
                Optional<Template> t = s.find(nameOrPath);
                if (t.isPresent()) return t;
            }
        if (nameOrPath.contains("/")) {
            Path p = Path.of(nameOrPath).toAbsolutePath();
            return Files.isRegularFile(p) ? Optional.of(new ScriptTemplate(p)) : Optional.empty();
        }
        for (Path dir : LXC_TEMPLATE_DIRS) {
            Path p = dir.resolve("lxc-" + nameOrPath);
            if (Files.isRegularFile(p)) return Optional.of(new ScriptTemplate(p));
        }
        return Optional.empty();
    }

    /** One line of glxc template ls: name, kind (built-in, composed, lxc-script), what it takes, where it is. */
    public record Entry(String name, String kind, String description, String source) {}

    public static List<Entry> catalog() {
        List<Entry> out = new ArrayList<>();
        for (Template t : BUILT_IN) out.add(new Entry(t.name(), "built-in", t.description(), "glxc"));
        for (Source s : SOURCES)
            for (Template t : s.all())
                out.add(new Entry(t.name(), "composed", t.description(), t instanceof ComposedTemplate c ? String.valueOf(c.recipe().source()) : "-"));
        for (String n : names())
            if (out.stream().noneMatch(e -> e.name().equals(n))) out.add(new Entry(n, "lxc-script", "LXC's template script", find(n).map(Template::name).orElse("-")));
        return out;
    }

    /** The templates a name finds: the built-ins, the composed ones, then LXC's template scripts (lxc-NAME) by their NAME. */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (Template t : BUILT_IN) out.add(t.name());
        for (Source s : SOURCES) for (Template t : s.all()) if (!out.contains(t.name())) out.add(t.name());
        for (Path dir : LXC_TEMPLATE_DIRS) {
            try (var files = Files.list(dir)) {
                files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("lxc-")).map(n -> n.substring(4))
                        .filter(n -> !out.contains(n)).sorted().forEach(out::add);
            } catch (IOException e) {
                // a folder that is not there has no templates
            }
        }
        return out;
    }

    public static String notFound(String nameOrPath) {
        return "no template '" + nameOrPath + "' (built-in: busybox, host, debian, ubuntu, oci; composed ones from the template library (glxc template ls); or the path of an executable template;"
                + " LXC's templates are looked up as lxc-NAME in " + LXC_TEMPLATE_DIRS.get(0) + ")";
    }
}
