package glxc.runtime.config;

import glxc.runtime.api.ConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * lxc-update-config: rewrites a pre-3.0 LXC config with today's key names, keeping comments, order and
 * values. Renames come from ConfigKeys.RENAMED; lxc.network.* becomes lxc.net.N.* (an unindexed
 * lxc.network.type starts the next interface, as LXC 2 read it); lxc.limit.* becomes lxc.prlimit.*.
 */
public final class ConfigUpdate {
    private static final Pattern INDEXED = Pattern.compile("lxc\\.network\\.(\\d+)\\.(.+)");

    private ConfigUpdate() {}

    public record Result(String text, List<String> changes) {}

    public static Result update(String text) {
        StringBuilder out = new StringBuilder();
        List<String> changes = new ArrayList<>();
        int net = -1;
        String[] lines = text.split("\n", -1);
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        for (int i = 0; i < count; i++) {
            String raw = lines[i];
            String t = raw.strip();
            int eq = t.indexOf('=');
            if (t.isEmpty() || t.startsWith("#") || eq < 0) {
                out.append(raw).append('\n');
                continue;
            }
            String key = t.substring(0, eq).strip(), value = t.substring(eq + 1).strip();
            String updated;
            Matcher m = INDEXED.matcher(key);
            if (m.matches()) {
                updated = "lxc.net." + m.group(1) + "." + netSuffix(m.group(2));
                net = Math.max(net, Integer.parseInt(m.group(1)));   // an unindexed one after it takes the next index
            } else if (key.equals("lxc.network") && value.isEmpty()) {
                updated = "lxc.net";
                net = -1;   // LXC 2 cleared the list here
            } else if (key.startsWith("lxc.network.")) {
                String suffix = key.substring("lxc.network.".length());
                if (suffix.equals("type") || net < 0) net++;
                updated = "lxc.net." + net + "." + netSuffix(suffix);
            } else if (key.startsWith("lxc.limit.")) {
                updated = "lxc.prlimit." + key.substring("lxc.limit.".length());
            } else {
                updated = ConfigKeys.RENAMED.getOrDefault(key, key);
            }
            if (updated.equals(key)) {
                out.append(raw).append('\n');
            } else if (updated.isEmpty()) {
                out.append("# dropped by glxc update-config (LXC 3.0 has no such key): ").append(t).append('\n');
                changes.add("line " + (i + 1) + ": " + key + " dropped");
            } else {
                out.append(updated).append(" = ").append(value).append('\n');
                changes.add("line " + (i + 1) + ": " + key + " -> " + updated);
            }
        }
        return new Result(out.toString(), changes);
    }

    private static String netSuffix(String old) {
        return switch (old) {
            case "ipv4" -> "ipv4.address";
            case "ipv6" -> "ipv6.address";
            default -> old;
        };
    }

    /** Rewrites file in place after copying it to FILE.backup; the result must parse as a config. */
    public static Result updateFile(Path file) {
        try {
            String text = Files.readString(file);
            Result r = update(text);   // renames only: values are the file's business, as with lxc-update-config
            if (r.changes().isEmpty()) return r;
            Files.copy(file, file.resolveSibling(file.getFileName() + ".backup"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            UserPrincipal owner = Files.getOwner(file);
            GroupPrincipal group = Files.readAttributes(file, PosixFileAttributes.class).group();
            ConfigFile.writeAtomically(file, r.text());
            Files.setPosixFilePermissions(file, mode);   // a 0600 config with secrets stays 0600
            Files.setOwner(file, owner);
            Files.getFileAttributeView(file, PosixFileAttributeView.class).setGroup(group);
            return r;
        } catch (IOException e) {
            throw new ConfigException(file, 0, null, "cannot update: " + e.getMessage());
        }
    }
}
