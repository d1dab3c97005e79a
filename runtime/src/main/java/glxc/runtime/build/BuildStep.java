package glxc.runtime.build;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One step of an image block, as plain data (the DSL makes them, the {@link Builder} runs them). Each
 * names where it was written (file:line) and the words that go into its cache key: what it does, never
 * where its inputs sit or when they were touched (copied files are keyed by their contents).
 */
public sealed interface BuildStep {
    String where();

    /** The step as a user reads it in history and progress lines. */
    String describe();

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
