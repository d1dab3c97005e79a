package glxc.dsl;

import glxc.runtime.template.ComposedTemplate;
import glxc.runtime.template.Recipe;
import glxc.runtime.template.Template;
import glxc.runtime.template.Templates;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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

    /**
     * Why a library file may not be run by this user (a library script runs as whoever runs glxc, root
     * included): a link, owned by someone but the user or root, writable by its group or everyone; or a
     * folder that lets others swap it (writable by them without the sticky bit). Null when it may run.
     */
    static String untrusted(Path folder, Path file) {
        try {
            int me = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (Files.isSymbolicLink(file)) return "it is a link";
            for (Path p : List.of(folder, file)) {
                int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                if (uid != 0 && uid != me) return p + " belongs to uid " + uid + ", neither root nor you";
                boolean othersWrite = (mode & 0022) != 0;
                if (othersWrite && !(p.equals(folder) && (mode & 01000) != 0)) return p + " is writable by other users";
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return "cannot check its owner: " + e.getMessage();
        }
    }

    private Map<String, Template> load() {
        if (templates != null) return templates;
        templates = new LinkedHashMap<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) continue;
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".lxc.groovy")).sorted().toList()) {
                    String untrusted = untrusted(folder, f);
                    if (untrusted != null) {   // a library script runs as whoever runs glxc, root included
                        problems.add(f + ": skipped: " + untrusted);
                        continue;
                    }
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
