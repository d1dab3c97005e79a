package glxc.cli;

import glxc.runtime.api.IdMaps;
import glxc.runtime.api.Namespace;
import glxc.runtime.api.UnshareOptions;

import java.util.EnumSet;
import java.util.List;

/** glxc usernsexec -m b:0:100000:65536 -- COMMAND: a command in a new user (and mount) namespace (lxc-usernsexec). */
final class UsernsexecVerb extends Verb {
    String name() { return "usernsexec"; }
    String summary() { return "run a command in a new user namespace with these maps: -m u|g|b:INSIDE:OUTSIDE:COUNT (lxc-usernsexec)"; }
    String operands() { return "[-- COMMAND...]"; }

    List<Option> options() {
        return List.of(Option.value("-m,--map", "MAP", "u|g|b:INSIDE:OUTSIDE:COUNT (repeatable; default: /etc/subuid's range, else 100000+65536, for 0)"));
    }

    @Override
    String containerName(Arguments a) {
        throw new UsageException("glxc usernsexec runs a command, not a container");
    }

    int run(Arguments a) {
        List<String> specs = a.values("map");
        if (specs.isEmpty()) {
            IdMaps m = IdMaps.forCurrentUser();
            specs = List.of("u:0:" + m.uidStart() + ":" + m.uidCount(), "g:0:" + m.gidStart() + ":" + m.gidCount());
        }
        List<String[]> maps;
        try {
            maps = UnshareOptions.parseMaps(specs);
        } catch (IllegalArgumentException e) {
            throw new UsageException("-m: " + e.getMessage());
        }
        if (maps.stream().noneMatch(m -> m[0].equals("u") && m[1].equals("0")) || maps.stream().noneMatch(m -> m[0].equals("g") && m[1].equals("0")))
            throw new UsageException("-m: the maps must give both a uid and a gid 0 inside (b:0:OUTSIDE:COUNT does)");
        return UnshareVerb.runIn(new UnshareOptions(EnumSet.of(Namespace.USER, Namespace.MOUNT), maps, null, false, 0, 0,
                UnshareVerb.command(a), UnshareOptions.callerEnvironment(),
                ProcessBuilder.Redirect.INHERIT, ProcessBuilder.Redirect.INHERIT, ProcessBuilder.Redirect.INHERIT));
    }
}
