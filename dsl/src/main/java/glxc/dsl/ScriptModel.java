package glxc.dsl;

import glxc.runtime.build.BuildStep;
import glxc.runtime.build.ImageRecipe;
import glxc.runtime.template.Recipe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a script (and what it includes) declares: networks and containers by name, checked as a
 * whole — names unique, dependsOn pointing at declared containers, no cycles — and ordered for apply.
 */
public final class ScriptModel {
    private final Map<String, ContainerSpec> containers = new LinkedHashMap<>();
    private final Map<String, NetworkSpec> networks = new LinkedHashMap<>();
    private final List<Path> reading = new ArrayList<>();

    /** Include bookkeeping: false when file is already being read (a cycle). */
    boolean entering(Path file) {
        if (reading.contains(file)) return false;
        reading.add(file);
        return true;
    }

    void leaving(Path file) {
        reading.remove(file);
    }

    private boolean redeclare;

    /** In a REPL session a later declaration of a name replaces the earlier one. */
    void allowRedeclare() {
        redeclare = true;
    }

    void add(ContainerSpec c, String source) {
        if (redeclare) containers.remove(c.name());
        ContainerSpec before = containers.putIfAbsent(c.name(), c);
        if (before != null) throw new DslException(source, "container '" + c.name() + "' is already declared at " + before.source());
    }

    void add(NetworkSpec n, String source) {
        if (redeclare) networks.remove(n.name());
        NetworkSpec before = networks.putIfAbsent(n.name(), n);
        if (before != null) throw new DslException(source, "network '" + n.name() + "' is already declared at " + before.source());
    }

    private final Map<String, Recipe> templates = new LinkedHashMap<>();

    void add(Recipe t, String source) {
        if (redeclare) templates.remove(t.name());
        Recipe before = templates.putIfAbsent(t.name(), t);
        if (before != null) throw new DslException(source, "template '" + t.name() + "' is already declared in " + before.source());
    }

    private final Map<String, ImageRecipe> images = new LinkedHashMap<>();

    void add(ImageRecipe i, String source) {
        if (redeclare) images.remove(i.name());
        ImageRecipe before = images.putIfAbsent(i.name(), i);
        if (before != null) throw new DslException(source, "image '" + i.name() + "' is already declared at " + before.where());
    }

    /**
     * The images the script declares, each after the images it stands on or copies from (else in the
     * script's order); an image that needs itself, through others or not, is an error naming the cycle.
     */
    public List<ImageRecipe> images() {
        List<ImageRecipe> out = new ArrayList<>();
        for (ImageRecipe r : images.values()) visit(r, out, new ArrayList<>());
        return out;
    }

    private void visit(ImageRecipe r, List<ImageRecipe> done, List<String> path) {
        if (done.contains(r)) return;
        if (path.contains(r.name())) {
            path.add(r.name());
            throw new DslException(r.where(), "the images stand on each other in a cycle: " + String.join(" -> ", path));
        }
        path.add(r.name());
        for (BuildStep s : r.steps()) {
            String other = s instanceof BuildStep.From f && f.kind().equals("image") ? f.name() : s instanceof BuildStep.Copy c ? c.fromImage() : null;
            if (other != null && images.containsKey(other)) visit(images.get(other), done, path);
        }
        path.remove(path.size() - 1);
        done.add(r);
    }

    /** The composed templates the script declares. */
    public List<Recipe> templates() {
        return List.copyOf(templates.values());
    }

    public List<ContainerSpec> containers() {
        return List.copyOf(containers.values());
    }

    public List<NetworkSpec> networks() {
        return List.copyOf(networks.values());
    }

    public boolean isEmpty() {
        return containers.isEmpty() && networks.isEmpty() && templates.isEmpty() && images.isEmpty();
    }

    /** Checks the whole model (dependsOn, cycles); for a REPL session's model before apply. */
    public void check() {
        validate();
    }

    /** dependsOn names declared containers, and they form no cycle (the error names the cycle's path). */
    void validate() {
        for (ContainerSpec c : containers.values())
            for (String d : c.dependsOn())
                if (!containers.containsKey(d))
                    throw new DslException(c.source(), "dependsOn '" + d + "': no such container in this script"
                            + Vocabulary.suggestion(d, containers.keySet()));
        levels();
    }

    /**
     * Containers in dependency levels: each level depends only on earlier ones, so a level's containers
     * can be applied in parallel. Throws on a cycle, naming it (a -> b -> a).
     */
    public List<List<ContainerSpec>> levels() {
        Map<String, Integer> level = new LinkedHashMap<>();
        for (ContainerSpec c : containers.values()) depth(c, level, new ArrayList<>());
        List<List<ContainerSpec>> out = new ArrayList<>();
        for (ContainerSpec c : containers.values()) {
            int l = level.get(c.name());
            while (out.size() <= l) out.add(new ArrayList<>());
            out.get(l).add(c);
        }
        return out;
    }

    private int depth(ContainerSpec c, Map<String, Integer> level, List<String> path) {
        Integer known = level.get(c.name());
        if (known != null) return known;
        if (path.contains(c.name())) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(c.name()), path.size()));
            cycle.add(c.name());
            throw new DslException(c.source(), "dependsOn cycle: " + String.join(" -> ", cycle));
        }
        path.add(c.name());
        int d = 0;
        for (String dep : c.dependsOn()) {
            ContainerSpec target = containers.get(dep);
            if (target != null) d = Math.max(d, depth(target, level, path) + 1);
        }
        path.remove(path.size() - 1);
        level.put(c.name(), d);
        return d;
    }
}
