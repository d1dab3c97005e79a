package glxc.cli;

import glxc.runtime.api.ContainerProcess;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;

/** While glxc waits for a command in a container, the signals glxc receives are passed on to it. */
final class SignalForwarding implements AutoCloseable {
    private static final List<String> SIGNALS = List.of("INT", "TERM", "HUP", "USR1", "WINCH", "CONT");
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private SignalForwarding(ContainerProcess process) {
        for (String name : SIGNALS) {
            try {
                Signal sig = new Signal(name);
                previous.add(Signal.handle(sig, s -> process.signal(s.getNumber())));
                signals.add(sig);
            } catch (IllegalArgumentException e) {
                // a signal the JVM keeps for itself
            }
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) Signal.handle(signals.get(i), previous.get(i));
    }

    static int waitFor(ContainerProcess process) {
        try (SignalForwarding f = new SignalForwarding(process)) {
            return process.waitFor();
        }
    }
}
