package glxc.runtime.api;

import java.nio.file.Path;

/** A configuration error, prefixed "FILE:LINE: KEY: " like a compiler error so editors can jump to it. */
public class ConfigException extends GlxcException {
    private final Path file;
    private final int line;
    private final String key;

    public ConfigException(Path file, int line, String key, String message) {
        super(prefix(file, line, key) + message);
        this.file = file;
        this.line = line;
        this.key = key;
    }

    private static String prefix(Path file, int line, String key) {
        StringBuilder b = new StringBuilder();
        if (file != null) b.append(file).append(line > 0 ? ":" + line : "").append(": ");
        if (key != null) b.append(key).append(": ");
        return b.toString();
    }

    public Path file() { return file; }
    public int line() { return line; }
    public String key() { return key; }
}
