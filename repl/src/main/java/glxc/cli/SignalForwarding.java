package glxc.cli;

import glxc.runtime.api.ContainerProcess;
import sun.misc.Signal;

import java.util.ArrayList;
import java.util.List;

/** While glxc waits for a command in a container, the signals glxc receives are passed on to it. */
final class SignalForwarding implements AutoCloseable {
    private static final List<String> SIGNALS = List.of("INT", "TERM", "HUP", "USR1", "WINCH", "CONT");
    private final List<Object[]> previous = new ArrayList<>();

    SignalForwarding(ContainerProcess process) {
        for (String name : SIGNALS) {
            try {
                Signal sig = new Signal(name);
                previous.add(new Object[] {sig, Signal.handle(sig, s -> process.signal(s.getNumber()))});
            } catch (IllegalArgumentException e) {
                // a signal the JVM keeps for itself
            }
        }
    }

    @Override
    public void close() {
        for (Object[] p : previous) Signal.handle((Signal) p[0], (sun.misc.SignalHandler) p[1]);
    }

    static int waitFor(ContainerProcess process) {
        try (SignalForwarding f = new SignalForwarding(process)) {
            return process.waitFor();
        }
    }
}
