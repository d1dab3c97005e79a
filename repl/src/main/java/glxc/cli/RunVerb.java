package glxc.cli;

import glxc.dsl.Applier;
import glxc.dsl.ContainerSpec;
import glxc.dsl.Dsl;
import glxc.dsl.ScriptModel;
import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerState;
import glxc.runtime.api.LaunchOptions;
import glxc.runtime.api.StopOptions;
import glxc.runtime.api.Store;

import java.util.ArrayList;
import java.util.List;

/**
 * glxc run FILE (or glxc FILE): apply, then run — like compose up. Application containers (a command)
 * run in the foreground with their output here, one after the other; with system containers and no
 * command, it waits until Ctrl-C and then stops them. -d applies, starts everything and returns.
 */
final class RunVerb extends ScriptVerb {
    String name() { return "run"; }
    String summary() { return "apply a script, then run it: commands in the foreground, Ctrl-C stops (-d: return at once)"; }

    List<Option> options() {
        return with(ApplyVerb.RESTART, Option.flag("-d,--detach", "start everything and return"));
    }

    int run(Arguments a) {
        ScriptModel model = load(a);
        Store store = store(a);
        Applier.Result r = Dsl.apply(store, model, a.has("restart"), line -> System.err.println("glxc: " + line));
        if (!r.ok()) return finish(r);
        List<ContainerSpec> apps = model.containers().stream().filter(ContainerSpec::isApplication).toList();
        if (a.has("detach")) {
            for (ContainerSpec s : apps) {
                Container c = store.get(s.name());
                if (c.state() == ContainerState.STOPPED) c.start(LaunchOptions.of(s.command().toArray(String[]::new)));
            }
            return 0;
        }
        int status = 0;
        for (ContainerSpec s : apps) {
            LaunchOptions o = LaunchOptions.of(s.command().toArray(String[]::new));
            status = ExitCodes.run(() -> SignalForwarding.waitFor(store.get(s.name()).execute(o)));
        }
        if (apps.isEmpty() && !model.containers().isEmpty()) waitForInterrupt(store, model);
        return status;
    }

    /** compose up's foreground: until Ctrl-C (or every container stopped), then stop what the script runs. */
    private static void waitForInterrupt(Store store, ScriptModel model) {
        List<Container> running = new ArrayList<>();
        for (ContainerSpec s : model.containers()) running.add(store.get(s.name()));
        Thread stopper = new Thread(() -> {
            for (Container c : running) {
                try {
                    if (c.state() != ContainerState.STOPPED) c.stop(StopOptions.timeout(10));
                } catch (RuntimeException e) {
                    System.err.println("glxc: " + c.name() + ": " + e.getMessage());
                }
            }
        });
        Runtime.getRuntime().addShutdownHook(stopper);
        System.err.println("glxc: " + running.size() + " container(s) running; Ctrl-C stops them");
        while (running.stream().anyMatch(c -> c.state() != ContainerState.STOPPED)) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
        Runtime.getRuntime().removeShutdownHook(stopper);
    }
}
