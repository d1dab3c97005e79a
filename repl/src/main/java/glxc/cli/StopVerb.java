package glxc.cli;

import glxc.runtime.api.ContainerState;
import glxc.runtime.api.StateException;
import glxc.runtime.api.StopOptions;

import java.util.List;

final class StopVerb extends Verb {
    String name() { return "stop"; }
    String summary() { return "stop a container: lxc.signal.halt, wait, then kill; exit 2 if not running (lxc-stop)"; }

    List<Option> options() {
        return List.of(NAME, LXCPATH,
                Option.value("-t,--timeout", "SECONDS", "wait this long for a clean halt, then kill (default 60; -1 forever; 0 only asks)"),
                Option.flag("-k,--kill", "kill at once (lxc.signal.stop, SIGKILL by default)"),
                Option.flag("-r,--reboot", "reboot instead (lxc.signal.reboot) and wait for the new init"),
                Option.flag("-W,--nowait", "do not wait for the container to stop or reboot"),
                Option.flag("--nokill", "never kill: only ask for a clean halt"));
    }

    int run(Arguments a) {
        if (a.has("kill") && (a.has("timeout") || a.has("reboot") || a.has("nokill")))
            throw new UsageException("-k cannot be combined with -t, -r or --nokill (as with lxc-stop)");
        if (a.has("reboot") && a.has("nokill")) throw new UsageException("-r cannot be combined with --nokill");
        try {
            existing(a).stop(new StopOptions(a.intValue("timeout", 60), a.has("kill"), a.has("reboot"), a.has("nowait"), a.has("nokill")));
            return 0;
        } catch (StateException e) {
            if (e.state() != ContainerState.STOPPED) throw e;
            System.err.println("glxc: " + e.getMessage());
            return 2;
        }
    }
}
