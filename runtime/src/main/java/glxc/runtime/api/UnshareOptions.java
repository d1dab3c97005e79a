package glxc.runtime.api;

import glxc.runtime.lifecycle.Unsharer;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command to run in new namespaces (lxc-unshare, lxc-usernsexec): which namespaces, the id maps of a
 * new user namespace ({u|g, inside, outside, count}), a hostname for a new UTS namespace, whether to
 * mount a fresh /proc and /sys, the uid/gid to run as, and stdio.
 */
public record UnshareOptions(Set<Namespace> namespaces, List<String[]> idmaps, String hostname, boolean mountFilesystems,
                             int uid, int gid, List<String> command, List<String> environment,
                             ProcessBuilder.Redirect stdin, ProcessBuilder.Redirect stdout, ProcessBuilder.Redirect stderr) {
    public UnshareOptions {
        if (namespaces.isEmpty()) throw new IllegalArgumentException("no namespace to unshare");
        if (command.isEmpty()) throw new IllegalArgumentException("no command to run");
        if (namespaces.contains(Namespace.USER) && idmaps.isEmpty()) throw new IllegalArgumentException("a user namespace needs id maps");
        namespaces = EnumSet.copyOf(namespaces);
        idmaps = List.copyOf(idmaps);
        command = List.copyOf(command);
        environment = List.copyOf(environment);
    }

    /** Runs the command (through the shim); the caller waits for its status. */
    public ContainerProcess run() {
        return Unsharer.run(this);
    }

    /** The caller's environment, as lxc-unshare passes it on. */
    public static List<String> callerEnvironment() {
        List<String> env = new ArrayList<>();
        for (Map.Entry<String, String> e : System.getenv().entrySet()) env.add(e.getKey() + "=" + e.getValue());
        return env;
    }

    /** lxc-usernsexec's -m: u|g|b:INSIDE:OUTSIDE:COUNT (b = both), into {u|g, inside, outside, count} records. */
    public static List<String[]> parseMaps(List<String> specs) {
        List<String[]> out = new ArrayList<>();
        for (String s : specs) {
            String[] f = s.split(":");
            if (f.length != 4 || !f[0].matches("[ugb]") || !f[1].matches("\\d+") || !f[2].matches("\\d+") || !f[3].matches("\\d+"))
                throw new IllegalArgumentException("expected u|g|b:INSIDE:OUTSIDE:COUNT, found '" + s + "'");
            if (!f[0].equals("g")) out.add(new String[]{"u", f[1], f[2], f[3]});
            if (!f[0].equals("u")) out.add(new String[]{"g", f[1], f[2], f[3]});
        }
        return out;
    }
}
