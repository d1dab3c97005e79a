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
                Option.value("-t,--timeout", "SECONDS", "wait this long for a clean halt (default 60, -1 forever, 0 kill at once)"),
                Option.flag("-k,--kill", "kill at once (lxc.signal.stop, SIGKILL by default)"),
                Option.flag("-r,--reboot", "reboot instead (lxc.signal.reboot)"),
                Option.flag("-W,--nowait", "do not wait for the container to stop"));
    }

    int run(Arguments a) {
        try {
            existing(a).stop(new StopOptions(a.intValue("timeout", 60), a.has("kill"), a.has("reboot"), a.has("nowait")));
            return 0;
        } catch (StateException e) {
            if (e.state() != ContainerState.STOPPED) throw e;
            System.err.println("glxc: " + e.getMessage());
            return 2;
        }
    }
}
