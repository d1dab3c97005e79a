package glxc.runtime.build;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One step of an image block, as plain data (the DSL makes them, the {@link Builder} runs them). Each
 * names where it was written (file:line) and the words that go into its cache key: what it does, never
 * where its inputs sit or when they were touched (copied files are keyed by their contents).
 */
public sealed interface BuildStep {
    String where();

    /** The step as a user reads it in history and progress lines. */
    String describe();

    /**
     * The step's own words for its cache key, typed and in a fixed order (never its display text): the kind,
     * then each field, maps sorted by name. StepKey length-prefixes each, so no two lists collide.
     */
    default List<String> keyInputs() {
        List<String> out = new ArrayList<>(List.of(getClass().getSimpleName()));
        if (this instanceof From f) { out.addAll(List.of(f.kind(), f.name())); out.addAll(f.args()); }
        else if (this instanceof Run r) out.addAll(List.of(r.command(), r.network()));
        else if (this instanceof Packages p) out.addAll(p.names());
        else if (this instanceof Copy c) out.addAll(List.of(c.from().toString(), String.valueOf(c.fromImage()), c.to()));
        else if (this instanceof File f) out.addAll(List.of(f.path(), Integer.toOctalString(f.mode()), f.content()));
        else if (this instanceof Env e) new TreeMap<>(e.values()).forEach((k, v) -> out.addAll(List.of(k, v)));
        else if (this instanceof Workdir w) out.add(w.path());
        else if (this instanceof User u) out.add(u.user());
        else if (this instanceof Expose x) x.ports().stream().sorted().forEach(p -> out.add(p.toString()));
        else if (this instanceof Cmd c) out.addAll(c.command());
        else if (this instanceof Entrypoint e) out.addAll(e.command());
        else if (this instanceof Label l) new TreeMap<>(l.values()).forEach((k, v) -> out.addAll(List.of(k, v)));
        else if (this instanceof CacheMount m) out.add(m.path());
        return out;
    }

    /** Whether the step makes a layer (a run, copy, file or packages step) or only changes the image's settings. */
    default boolean makesLayer() {
        return this instanceof Run || this instanceof Copy || this instanceof File || this instanceof Packages;
    }

    /** from template("debian", release: "bookworm") or from image("py-base"). */
    record From(String kind, String name, List<String> args, String where) implements BuildStep {
        public String describe() { return "from " + kind + " " + name + (args.isEmpty() ? "" : " " + String.join(" ", args)); }
    }

    /** A shell command inside; network "none" (its own loopback only) unless it says "host". */
    record Run(String command, String network, String where) implements BuildStep {
        public String describe() { return "run " + command + (network.equals("none") ? "" : " (network " + network + ")"); }
    }

    /** Packages through the base's manager (apt-get, apk, dnf, yum); on the host's network. */
    record Packages(List<String> names, String where) implements BuildStep {
        public String describe() { return "packages " + String.join(" ", names); }
    }

    /** Files or a folder of the build context (or of another image's result) to a path inside. */
    record Copy(Path from, String fromImage, String to, String where) implements BuildStep {
        public String describe() { return "copy " + (fromImage != null ? fromImage + ":" : "") + from + " " + to; }
    }

    record File(String path, String content, int mode, String where) implements BuildStep {
        public String describe() { return "file " + path + " " + Integer.toOctalString(mode); }
    }

    record Env(Map<String, String> values, String where) implements BuildStep {
        public String describe() { return "env " + values; }
    }

    record Workdir(String path, String where) implements BuildStep {
        public String describe() { return "workdir " + path; }
    }

    record User(String user, String where) implements BuildStep {
        public String describe() { return "user " + user; }
    }

    record Expose(List<Integer> ports, String where) implements BuildStep {
        public String describe() { return "expose " + ports; }
    }

    record Cmd(List<String> command, String where) implements BuildStep {
        public String describe() { return "cmd " + command; }
    }

    record Entrypoint(List<String> command, String where) implements BuildStep {
        public String describe() { return "entrypoint " + command; }
    }

    record Label(Map<String, String> values, String where) implements BuildStep {
        public String describe() { return "label " + values; }
    }

    /** A folder kept between builds and bound into later run steps; part of neither the result nor a key. */
    record CacheMount(String path, String where) implements BuildStep {
        public String describe() { return "mount cache " + path; }
    }
}
