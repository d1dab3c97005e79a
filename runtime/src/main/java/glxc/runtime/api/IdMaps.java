package glxc.runtime.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The id range an unprivileged container maps root to: the calling user's line in /etc/subuid and
 * /etc/subgid (as newuidmap reads them), else 100000-165535 when glxc runs as root.
 */
public record IdMaps(long uidStart, long uidCount, long gidStart, long gidCount, String source) {
    public static IdMaps forCurrentUser() {
        String user = System.getProperty("user.name");
        long[] u = range(Path.of("/etc/subuid"), user);
        long[] g = range(Path.of("/etc/subgid"), user);
        if (u != null && g != null) return new IdMaps(u[0], u[1], g[0], g[1], "/etc/subuid and /etc/subgid (" + user + ")");
        return new IdMaps(100000, 65536, 100000, 65536, "glxc's default range (no " + user + " line in /etc/subuid and /etc/subgid)");
    }

    private static long[] range(Path file, String user) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split(":");
                if (f.length == 3 && f[0].equals(user)) return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
            }
        } catch (IOException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    /** lxc.idmap definitions for -s / CreateOptions. */
    public List<String> definitions() {
        return List.of("lxc.idmap=u 0 " + uidStart + " " + uidCount, "lxc.idmap=g 0 " + gidStart + " " + gidCount);
    }
}
