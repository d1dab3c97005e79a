package glxc.cli;

import glxc.runtime.api.Container;
import glxc.runtime.api.LaunchOptions;

import java.nio.file.Path;
import java.util.List;

final class StartVerb extends Verb {
    String name() { return "start"; }
    String summary() { return "start a system container, in the background unless -F (lxc-start)"; }
    String operands() { return "[-- INIT-COMMAND...]"; }

    List<Option> options() {
        return List.of(NAME, LXCPATH,
                Option.flag("-d,--daemon", "run in the background (the default)"),
                Option.flag("-F,--foreground", "stay attached to the console until init exits"),
                Option.value("-f,--rcfile", "FILE", "use this config file instead of the container's"),
                Option.value("-s,--define", "KEY=VAL", "override a config key (repeatable)"));
    }

    int run(Arguments a) {
        Container c = existing(a);
        LaunchOptions o = LaunchOptions.defaults().withOverrides(a.values("define")).withCommand(a.trailing())
                .withConfigFile(a.value("rcfile") == null ? null : Path.of(a.value("rcfile")));
        if (a.has("foreground") && !a.has("daemon")) return SignalForwarding.waitFor(c.startForeground(o));
        c.start(o);
        return 0;
    }
}
