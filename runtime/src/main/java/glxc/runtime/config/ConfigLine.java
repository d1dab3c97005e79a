package glxc.runtime.config;

import java.nio.file.Path;

/**
 * One line of an LXC config file as written: comments and blank lines have a null key, so a rewrite
 * keeps them and their order. file/line say where a value came from, for errors.
 */
public record ConfigLine(String raw, String key, String value, Path file, int line) {
    public boolean isEntry() {
        return key != null;
    }

    public String where() {
        return (file == null ? "(command line)" : file.toString()) + (line > 0 ? ":" + line : "");
    }

    static ConfigLine entry(String key, String value, Path file, int line) {
        return new ConfigLine(key + " = " + value, key, value, file, line);
    }
}
