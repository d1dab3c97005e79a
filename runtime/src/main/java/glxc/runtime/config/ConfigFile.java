package glxc.runtime.config;

import glxc.runtime.api.ConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * An LXC config file, read and written in LXC's format: "key = value" lines, '#' comments, quotes
 * around a value stripped as LXC does, lxc.include of files and folders of *.conf. Every key is checked
 * against {@link ConfigKeys}; an unknown key is an error naming file, line and key. Rewrites keep
 * comments and order and touch only the lines that change.
 */
public final class ConfigFile {
    private final Path path;
    private final List<ConfigLine> lines;

    private ConfigFile(Path path, List<ConfigLine> lines) {
        this.path = path;
        this.lines = lines;
    }

    public static ConfigFile empty(Path path) {
        return new ConfigFile(path, new ArrayList<>());
    }

    public static ConfigFile read(Path path) {
        try {
            return parse(path, Files.readString(path, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new ConfigException(path, 0, null, "no such config file");
        } catch (IOException e) {
            throw new ConfigException(path, 0, null, "cannot read: " + e.getMessage());
        }
    }

    public static ConfigFile parse(Path path, String text) {
        List<ConfigLine> lines = new ArrayList<>();
        String[] raw = text.split("\n", -1);
        int count = text.endsWith("\n") ? raw.length - 1 : raw.length;
        for (int i = 0; i < count; i++) lines.add(parseLine(path, i + 1, raw[i]));
        return new ConfigFile(path, lines);
    }

    static ConfigLine parseLine(Path file, int number, String raw) {
        String text = raw.strip();
        if (text.isEmpty() || text.startsWith("#")) return new ConfigLine(raw, null, null, file, number);
        int eq = text.indexOf('=');
        if (eq < 0) throw new ConfigException(file, number, null, "expected 'key = value', found '" + text + "'");
        String key = text.substring(0, eq).strip();
        String value = unquote(text.substring(eq + 1).strip());
        ConfigKeys.require(key, value, file, number);
        return new ConfigLine(raw, key, value, file, number);
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0))
            return v.substring(1, v.length() - 1);
        return v;
    }

    public Path path() {
        return path;
    }

    /** This file's own lines, comments included, as written. */
    public List<ConfigLine> lines() {
        return Collections.unmodifiableList(lines);
    }

    /** The entries that take effect: this file's, with each lxc.include expanded where it stands. */
    public List<ConfigLine> effectiveEntries() {
        List<ConfigLine> out = new ArrayList<>();
        expand(this, out, 0);
        return out;
    }

    private static void expand(ConfigFile file, List<ConfigLine> out, int depth) {
        for (ConfigLine line : file.lines) {
            if (!line.isEntry()) continue;
            if (!line.key().equals("lxc.include")) {
                out.add(line);
                continue;
            }
            if (depth > 16)
                throw new ConfigException(line.file(), line.line(), line.key(), "includes nest more than 16 deep (a loop?)");
            for (Path included : includedFiles(line)) expand(read(included), out, depth + 1);
        }
    }

    private static List<Path> includedFiles(ConfigLine line) {
        Path target = Path.of(line.value());
        if (!target.isAbsolute() && line.file() != null) target = line.file().toAbsolutePath().getParent().resolve(target);
        if (!Files.isDirectory(target)) {
            if (!Files.exists(target))
                throw new ConfigException(line.file(), line.line(), line.key(), "included file " + target + " does not exist");
            return List.of(target);
        }
        try (Stream<Path> s = Files.list(target)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(line.file(), line.line(), line.key(), "cannot list " + target + ": " + e.getMessage());
        }
    }

    /** Sets a single-valued key: rewrites its last line in place, or appends one. Validates first. */
    public void set(String key, String value) {
        ConfigKeys.require(key, value, path, 0);
        for (int i = lines.size() - 1; i >= 0; i--) {
            ConfigLine l = lines.get(i);
            if (key.equals(l.key())) {
                lines.set(i, ConfigLine.entry(key, value, path, l.line()));
                return;
            }
        }
        append(key, value);
    }

    /** Appends one line (for list keys: one more value). */
    public void append(String key, String value) {
        ConfigKeys.require(key, value, path, 0);
        lines.add(ConfigLine.entry(key, value, path, lines.size() + 1));
    }

    /** Gives one of this file's own lines a new value, in place (for list keys, where set() cannot say which). */
    public void replace(ConfigLine line, String value) {
        int i = lines.indexOf(line);
        if (i < 0) throw new IllegalArgumentException(line.where() + " is not a line of " + path);
        ConfigKeys.require(line.key(), value, path, line.line());
        lines.set(i, ConfigLine.entry(line.key(), value, path, line.line()));
    }

    /** Removes every line of key from this file (included files are not touched). */
    public void unset(String key) {
        lines.removeIf(l -> key.equals(l.key()));
    }

    public void prependComments(List<String> comments) {
        List<ConfigLine> header = new ArrayList<>();
        for (String c : comments) header.add(new ConfigLine(c, null, null, path, 0));
        lines.addAll(0, header);
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        for (ConfigLine l : lines) b.append(l.raw()).append('\n');
        return b.toString();
    }

    /** Writes to a temp file beside the target and renames it over, so a crash never leaves half a config. */
    public void write() {
        writeAtomically(path, text());
    }

    public static void writeAtomically(Path target, String text) {
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + java.util.UUID.randomUUID().toString().substring(0, 8) + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original error is the one to report
            }
            throw new ConfigException(target, 0, null, "cannot write: " + e.getMessage());
        }
    }
}
