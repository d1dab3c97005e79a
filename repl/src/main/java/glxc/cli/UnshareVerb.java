package glxc.cli;

import glxc.runtime.api.IdMaps;
import glxc.runtime.api.Namespace;
import glxc.runtime.api.UnshareOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** glxc unshare -s 'MOUNT|PID|UTSNAME' -- COMMAND: a command in new namespaces (lxc-unshare). */
final class UnshareVerb extends Verb {
    String name() { return "unshare"; }
    String summary() { return "run a command in new namespaces: -s 'MOUNT|PID|UTSNAME|IPC|NETWORK|USER|CGROUP' (lxc-unshare)"; }
    String operands() { return "[-- COMMAND...]"; }

    List<Option> options() {
        return List.of(Option.value("-s,--namespaces", "FLAGS", "the namespaces, joined by | (required)"),
                Option.value("-u,--user", "UID", "run as this uid (in a new user namespace: inside it)"),
                Option.value("-H,--hostname", "NAME", "the hostname in a new UTSNAME namespace"),
                Option.flag("-M,--remount", "mount a fresh /proc (new PID namespace) and /sys (new NETWORK namespace)"));
    }

    @Override
    String containerName(Arguments a) {
        throw new UsageException("glxc unshare runs a command, not a container");
    }

    int run(Arguments a) {
        if (a.value("namespaces") == null) throw new UsageException("glxc unshare -s 'MOUNT|PID|...' [-- COMMAND...]");
        Set<Namespace> ns = EnumSet.noneOf(Namespace.class);
        for (String n : a.value("namespaces").split("\\|")) ns.add(Namespace.parse(n));
        if (a.value("hostname") != null && !ns.contains(Namespace.UTSNAME))
            throw new UsageException("-H needs UTSNAME among the namespaces (the host's name is not glxc's to change)");
        IdMaps m = IdMaps.forCurrentUser();
        List<String[]> maps = ns.contains(Namespace.USER)
                ? UnshareOptions.parseMaps(List.of("u:0:" + m.uidStart() + ":" + m.uidCount(), "g:0:" + m.gidStart() + ":" + m.gidCount())) : List.of();
        int uid = a.value("user") == null ? 0 : uidOf(a.value("user"));
        return runIn(new UnshareOptions(ns, maps, a.value("hostname"), a.has("remount"), uid, uid, command(a),
                UnshareOptions.callerEnvironment(), ProcessBuilder.Redirect.INHERIT, ProcessBuilder.Redirect.INHERIT, ProcessBuilder.Redirect.INHERIT));
    }

    /** -u takes a uid or a user name, as lxc-unshare does (names from /etc/passwd). */
    static int uidOf(String user) {
        if (user.matches("\\d+")) return Integer.parseInt(user);
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":");
                if (f.length > 2 && f[0].equals(user)) return Integer.parseInt(f[2]);
            }
        } catch (IOException | NumberFormatException e) {
            // below
        }
        throw new UsageException("-u: no user '" + user + "' in /etc/passwd");
    }

    static List<String> command(Arguments a) {
        return a.command().isEmpty() ? List.of("/bin/sh") : a.command();
    }

    static int runIn(UnshareOptions o) {
        return ExitCodes.run(() -> SignalForwarding.waitFor(o.run()));
    }
}
