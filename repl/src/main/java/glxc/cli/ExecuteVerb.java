package glxc.cli;

import glxc.runtime.api.Container;
import glxc.runtime.api.LaunchOptions;

import java.nio.file.Path;
import java.util.List;

final class ExecuteVerb extends Verb {
    String name() { return "execute"; }
    String summary() { return "run a command as an application container and exit with its status (lxc-execute)"; }
    String operands() { return "-- COMMAND..."; }

    List<Option> options() {
        return List.of(NAME, LXCPATH,
                Option.value("-f,--rcfile", "FILE", "use this config file instead of the container's"),
                Option.value("-s,--define", "KEY=VAL", "override a config key (repeatable)"));
    }

    @Override
    String containerName(Arguments a) {
        return nameOptionOnly(a);   // the words after the options are the command, not a name
    }

    int run(Arguments a) {
        Container c = existing(a);
        LaunchOptions o = LaunchOptions.defaults().withOverrides(a.values("define")).withCommand(a.command())
                .withConfigFile(a.value("rcfile") == null ? null : Path.of(a.value("rcfile")));
        return ExitCodes.run(() -> SignalForwarding.waitFor(c.execute(o)));
    }
}
