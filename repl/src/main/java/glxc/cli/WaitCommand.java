package glxc.cli;

import glxc.runtime.api.ContainerState;
import glxc.runtime.api.GlxcException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "wait", description = "Wait until a container reaches one of the given states (like lxc-wait); exit 1 on timeout.")
final class WaitCommand implements Callable<Integer> {
    @Mixin StoreOptions store;

    @Option(names = {"-s", "--state"}, required = true, paramLabel = "STATE[|STATE]", description = "e.g. RUNNING or 'STOPPED|ABORTING'")
    String states;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", description = "give up after this long (default: wait forever)")
    int timeout = -1;

    @Parameters(arity = "0..1", paramLabel = "NAME") String positional;

    @Override
    public Integer call() {
        Set<ContainerState> wanted = EnumSet.noneOf(ContainerState.class);
        for (String s : states.split("\\|")) {
            try {
                wanted.add(ContainerState.valueOf(s.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new GlxcException("unknown state '" + s + "' (STOPPED, STARTING, RUNNING, STOPPING, ABORTING, FREEZING, FROZEN, THAWED)");
            }
        }
        String name = store.name(positional);
        return store.store().get(name).waitFor(wanted, timeout < 0 ? -1 : timeout * 1000L) ? 0 : 1;
    }
}
