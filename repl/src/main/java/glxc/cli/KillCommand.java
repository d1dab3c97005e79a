package glxc.cli;

import glxc.runtime.kernel.Signals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "kill", description = "Send a signal to a container's init (default SIGKILL).")
final class KillCommand implements Callable<Integer> {
    @Mixin StoreOptions store;

    @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", description = "name or number: TERM, SIGUSR1, 9, SIGRTMIN+3")
    String signal = "KILL";

    @Parameters(arity = "0..1", paramLabel = "NAME") String positional;

    @Override
    public Integer call() {
        store.existing(positional).kill(Signals.parse(signal));
        return 0;
    }
}
