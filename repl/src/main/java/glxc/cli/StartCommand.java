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

@Command(name = "start", description = "Start a system container (like lxc-start): in the background by default, -F for the console here.")
final class StartCommand implements Callable<Integer> {
    @Mixin StoreOptions store;

    @Option(names = {"-d", "--daemon"}, description = "run in the background (the default)")
    boolean daemon;

    @Option(names = {"-F", "--foreground"}, description = "stay attached to the console until init exits")
    boolean foreground;

    @Option(names = {"-f", "--rcfile"}, paramLabel = "FILE", description = "use this config file instead of the container's")
    Path config;

    @Option(names = {"-s", "--define"}, paramLabel = "KEY=VAL", description = "override a config key")
    List<String> defines = new ArrayList<>();

    @Parameters(paramLabel = "COMMAND", description = "init command instead of lxc.init.cmd")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        Container c = store.existing(null);
        LaunchOptions o = LaunchOptions.defaults().withConfigFile(config).withOverrides(defines).withCommand(command);
        if (foreground && !daemon) return SignalForwarding.waitFor(c.startForeground(o));
        c.start(o);
        return 0;
    }
}
