package glxc.runtime.build;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The settings an image carries to its containers (env, workdir, user, cmd, entrypoint, exposed ports,
 * labels) and the config lines its base template wrote. Immutable; each settings step makes a new one.
 */
public record ImageConfig(Map<String, String> env, String workdir, String user, List<String> cmd, List<String> entrypoint,
                          List<Integer> expose, Map<String, String> labels, List<String> baseConfig) {
    public static final ImageConfig EMPTY = new ImageConfig(Map.of(), "/", null, List.of(), List.of(), List.of(), Map.of(), List.of());

    public ImageConfig {
        env = Collections.unmodifiableMap(new TreeMap<>(env));   // sorted: its order is part of keys and records
        cmd = List.copyOf(cmd);
        entrypoint = List.copyOf(entrypoint);
        expose = List.copyOf(new TreeSet<>(expose));
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        baseConfig = List.copyOf(baseConfig);
    }

    /** The settings after one step (a step that makes a layer leaves them as they are). */
    public ImageConfig after(BuildStep step) {
        if (step instanceof BuildStep.Env e) {
            Map<String, String> m = new LinkedHashMap<>(env);
            m.putAll(e.values());
            return new ImageConfig(m, workdir, user, cmd, entrypoint, expose, labels, baseConfig);
        }
        if (step instanceof BuildStep.Workdir w) return new ImageConfig(env, resolve(w.path()), user, cmd, entrypoint, expose, labels, baseConfig);
        if (step instanceof BuildStep.User u) return new ImageConfig(env, workdir, u.user(), cmd, entrypoint, expose, labels, baseConfig);
        if (step instanceof BuildStep.Cmd c) return new ImageConfig(env, workdir, user, c.command(), entrypoint, expose, labels, baseConfig);
        if (step instanceof BuildStep.Entrypoint e) return new ImageConfig(env, workdir, user, cmd, e.command(), expose, labels, baseConfig);
        if (step instanceof BuildStep.Expose x) {
            List<Integer> ports = new ArrayList<>(expose);
            ports.addAll(x.ports());
            return new ImageConfig(env, workdir, user, cmd, entrypoint, ports, labels, baseConfig);
        }
        if (step instanceof BuildStep.Label l) {
            Map<String, String> m = new TreeMap<>(labels);
            m.putAll(l.values());
            return new ImageConfig(env, workdir, user, cmd, entrypoint, expose, m, baseConfig);
        }
        return this;
    }

    /** The settings as key inputs, each its own string: what a step that runs or a base depends on. */
    public List<String> keyInputs() {
        List<String> out = new ArrayList<>();
        out.add("env");
        env.forEach((k, v) -> out.addAll(List.of(k, v)));
        out.addAll(List.of("workdir", workdir, "user", String.valueOf(user), "cmd", String.valueOf(cmd.size())));
        out.addAll(cmd);
        out.addAll(List.of("entrypoint", String.valueOf(entrypoint.size())));
        out.addAll(entrypoint);
        out.add("base");
        out.addAll(baseConfig);
        return out;
    }

    public ImageConfig withBaseConfig(List<String> lines) {
        return new ImageConfig(env, workdir, user, cmd, entrypoint, expose, labels, lines);
    }

    /** A path inside, relative ones against the workdir (as Docker's WORKDIR and COPY read them). */
    public String resolve(String path) {
        if (path.startsWith("/")) return normalize(path);
        return normalize((workdir.endsWith("/") ? workdir : workdir + "/") + path);
    }

    private static String normalize(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..")) { if (!parts.isEmpty()) parts.remove(parts.size() - 1); continue; }
            parts.add(p);
        }
        return "/" + String.join("/", parts);
    }

    /** The command a container from this image runs: the entrypoint, then cmd (Docker's rule). */
    public List<String> command() {
        List<String> all = new ArrayList<>(entrypoint);
        all.addAll(cmd);
        return all;
    }
}
