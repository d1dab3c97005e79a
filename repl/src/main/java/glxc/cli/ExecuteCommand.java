package glxc.cli;

import glxc.runtime.api.Container;
import glxc.runtime.api.LaunchOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "execute", description = "Run a command as an application container (like lxc-execute); exits with its status.")
final class ExecuteCommand implements Callable<Integer> {
    @Mixin StoreOptions store;

    @Option(names = {"-f", "--rcfile"}, paramLabel = "FILE", description = "use this config file instead of the container's")
    Path config;

    @Option(names = {"-s", "--define"}, paramLabel = "KEY=VAL", description = "override a config key")
    List<String> defines = new ArrayList<>();

    @Parameters(paramLabel = "COMMAND", description = "the command (default lxc.execute.cmd)")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        Container c = store.existing(null);
        LaunchOptions o = LaunchOptions.defaults().withConfigFile(config).withOverrides(defines).withCommand(command);
        return ExitCodes.run(() -> SignalForwarding.waitFor(c.execute(o)));
    }
}
