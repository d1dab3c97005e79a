package glxc.runtime.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The id range an unprivileged container maps root to: the calling user's line in /etc/subuid and
 * /etc/subgid (as newuidmap reads them), else 100000-165535 when glxc runs as root.
 */
public record IdMaps(long uidStart, long uidCount, long gidStart, long gidCount, String source) {
    public static IdMaps forCurrentUser() {
        return delegated(Path.of("/etc/subuid"), Path.of("/etc/subgid"), System.getProperty("user.name"))
                .orElse(new IdMaps(100000, 65536, 100000, 65536, "glxc's default range (no " + System.getProperty("user.name")
                        + " line in /etc/subuid and /etc/subgid)"));
    }

    /** The user's ranges in these files, when both name the user: then containers are unprivileged by default. */
    public static Optional<IdMaps> delegated(Path subuid, Path subgid, String user) {
        long[] u = range(subuid, user);
        long[] g = range(subgid, user);
        if (u == null || g == null) return Optional.empty();
        return Optional.of(new IdMaps(u[0], u[1], g[0], g[1], subuid + " and " + subgid + " (" + user + ")"));
    }

    public static Optional<IdMaps> delegatedToCurrentUser() {
        return delegated(Path.of("/etc/subuid"), Path.of("/etc/subgid"), System.getProperty("user.name"));
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
