package glxc.cli;

import glxc.runtime.api.ContainerState;
import glxc.runtime.api.StateException;
import glxc.runtime.api.StopOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "stop", description = "Stop a container (like lxc-stop): lxc.signal.halt, wait -t seconds, then kill. Exit 2 if it was not running.")
final class StopCommand implements Callable<Integer> {
    @Mixin StoreOptions store;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", description = "how long to wait for a clean halt (default 60, -1 forever, 0 kill at once)")
    int timeout = 60;

    @Option(names = {"-k", "--kill"}, description = "kill at once (lxc.signal.stop, SIGKILL by default)")
    boolean kill;

    @Option(names = {"-r", "--reboot"}, description = "reboot instead (lxc.signal.reboot)")
    boolean reboot;

    @Option(names = {"-W", "--nowait"}, description = "do not wait for the container to stop")
    boolean noWait;

    @Parameters(arity = "0..1", paramLabel = "NAME") String positional;

    @Override
    public Integer call() {
        try {
            store.existing(positional).stop(new StopOptions(timeout, kill, reboot, noWait));
            return 0;
        } catch (StateException e) {
            if (e.state() != ContainerState.STOPPED) throw e;
            System.err.println("glxc: " + e.getMessage());
            return 2;
        }
    }
}
