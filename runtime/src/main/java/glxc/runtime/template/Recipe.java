package glxc.runtime.template;

import java.nio.file.Path;
import java.util.List;

/**
 * A composed template as plain data (what a template block in a .lxc.groovy file evaluates to): a base
 * template with its options, then steps applied on top, in order. The DSL makes it; the runtime builds it.
 */
public record Recipe(String name, String base, List<String> baseArgs, List<Step> steps, Path source) {
    public Recipe {
        baseArgs = List.copyOf(baseArgs);
        steps = List.copyOf(steps);
    }

    /** One step; where names where it was written (file:line). */
    public sealed interface Step {
        String where();

        /** Words that describe the step for its cache key and its log line. */
        String describe();
    }

    /** Installs packages with the base's package manager (apt-get, apk, dnf or yum). */
    public record Packages(List<String> names, String where) implements Step {
        public String describe() { return "packages " + String.join(" ", names); }
    }

    /** Writes a file with this content and mode. */
    public record File(String path, String content, int mode, String where) implements Step {
        public String describe() { return "file " + path + " " + Integer.toOctalString(mode) + " " + content; }
    }

    /** Copies a file or folder of the host (relative to the script) into the rootfs; keyed by its content. */
    public record Copy(Path from, String to, String where) implements Step {
        public String describe() { return "copy " + to; }
    }

    /** Runs a shell command inside. */
    public record Run(String command, String where) implements Step {
        public String describe() { return "run " + command; }
    }
}
