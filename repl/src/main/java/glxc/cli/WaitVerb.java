package glxc.cli;

import glxc.runtime.api.ContainerState;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

final class WaitVerb extends Verb {
    String name() { return "wait"; }
    String summary() { return "wait until a container reaches one of the given states; exit 1 on timeout (lxc-wait)"; }

    List<Option> options() {
        return List.of(NAME, LXCPATH,
                Option.value("-s,--state", "STATE[|STATE]", "e.g. RUNNING or 'STOPPED|ABORTING' (required)"),
                Option.value("-t,--timeout", "SECONDS", "give up after this long (default: wait forever)"));
    }

    int run(Arguments a) {
        if (a.value("state") == null) throw new UsageException("glxc wait needs -s STATE");
        Set<ContainerState> wanted = EnumSet.noneOf(ContainerState.class);
        for (String s : a.value("state").split("\\|")) {
            try {
                wanted.add(ContainerState.valueOf(s.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new UsageException("unknown state '" + s + "' (STOPPED, STARTING, RUNNING, STOPPING, ABORTING, FREEZING, FROZEN, THAWED)");
            }
        }
        int timeout = a.intValue("timeout", -1);
        return store(a).get(containerName(a)).waitFor(wanted, timeout < 0 ? -1 : timeout * 1000L) ? 0 : 1;
    }
}
