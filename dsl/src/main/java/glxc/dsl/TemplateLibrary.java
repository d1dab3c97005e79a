package glxc.dsl;

import glxc.runtime.template.ComposedTemplate;
import glxc.runtime.template.Recipe;
import glxc.runtime.template.Template;
import glxc.runtime.template.Templates;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The composed templates of the template library: every template block in the .lxc.groovy files of the
 * library folders ($GLXC_TEMPLATES, a ':'-separated list, else /etc/glxc/templates and the template-library
 * folder beside the glxc launcher). Read on first use; a file that fails to load is skipped with its error
 * kept for `glxc template ls`.
 */
public final class TemplateLibrary implements Templates.Source {
    private final List<Path> folders;
    private Map<String, Template> templates;
    private final List<String> problems = new ArrayList<>();

    public TemplateLibrary(List<Path> folders) {
        this.folders = List.copyOf(folders);
    }

    private static TemplateLibrary installed;

    /** The library at the usual places, registered once with the runtime's template lookup. */
    public static synchronized TemplateLibrary install() {
        if (installed == null) {
            installed = new TemplateLibrary(defaultFolders());
            Templates.addSource(installed);
        }
        return installed;
    }

    static List<Path> defaultFolders() {
        List<Path> out = new ArrayList<>();
        String env = System.getenv("GLXC_TEMPLATES");
        if (env != null && !env.isBlank()) {
            for (String p : env.split(":")) if (!p.isBlank()) out.add(Path.of(p));
            return out;
        }
        out.add(Path.of("/etc/glxc/templates"));
        String launcher = System.getProperty("glxc.launcher");
        if (launcher != null) out.add(Path.of(launcher).toAbsolutePath().getParent().resolve("template-library"));
        return out;
    }

    @Override
    public synchronized Optional<Template> find(String name) {
        return Optional.ofNullable(load().get(name));
    }

    @Override
    public synchronized List<Template> all() {
        return List.copyOf(load().values());
    }

    public synchronized List<String> problems() {
        load();
        return List.copyOf(problems);
    }

    private Map<String, Template> load() {
        if (templates != null) return templates;
        templates = new LinkedHashMap<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) continue;
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".lxc.groovy")).sorted().toList()) {
                    try {
                        for (Recipe r : ScriptLoader.load(f).templates()) templates.putIfAbsent(r.name(), new ComposedTemplate(r));
                    } catch (RuntimeException e) {
                        problems.add(f + ": " + e.getMessage());
                    }
                }
            } catch (IOException e) {
                problems.add(folder + ": " + e.getMessage());
            }
        }
        return templates;
    }
}
