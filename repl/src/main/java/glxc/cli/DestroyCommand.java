package glxc.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "destroy", description = "Destroy a container and its rootfs (like lxc-destroy); refuses a running one unless -f.")
final class DestroyCommand implements Callable<Integer> {
    @Mixin StoreOptions store;

    @Option(names = {"-f", "--force"}, description = "kill it first if it is running")
    boolean force;

    @Parameters(arity = "0..1", paramLabel = "NAME") String positional;

    @Override
    public Integer call() {
        store.existing(positional).destroy(force);
        return 0;
    }
}
