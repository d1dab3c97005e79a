package glxc.cli;

import glxc.runtime.api.Signals;

import java.util.List;

final class KillVerb extends Verb {
    String name() { return "kill"; }
    String summary() { return "send a signal to a container's init (default SIGKILL)"; }

    List<Option> options() {
        return List.of(NAME, LXCPATH, Option.value("-s,--signal", "SIGNAL", "a name or number: TERM, SIGUSR1, 9, SIGRTMIN+3"));
    }

    int run(Arguments a) {
        String sig = a.value("signal") != null ? a.value("signal") : "KILL";
        existing(a).kill(Signals.parse(sig));
        return 0;
    }
}
