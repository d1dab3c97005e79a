package glxc.runtime.lifecycle;

import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerState;
import glxc.runtime.api.GlxcException;
import glxc.runtime.api.StateException;
import glxc.runtime.api.StopOptions;
import glxc.runtime.config.ContainerConfig;
import glxc.runtime.kernel.Processes;
import glxc.runtime.kernel.Signals;
import glxc.runtime.store.ContainerLock;
import glxc.runtime.store.RunState;
import glxc.runtime.store.StateProbe;

import java.io.IOException;
import java.nio.file.Files;

/**
 * lxc-stop: lxc.signal.halt to init and a wait, then lxc.signal.stop (SIGKILL) after the timeout. The
 * monitor removes the cgroups and records the exit; if the monitor itself died, this does it instead.
 */
public final class Stopper {
    private static final long KILL_GRACE_MILLIS = 10_000;

    private Stopper() {}

    public static void stop(Container c, StopOptions o) {
        ContainerConfig config = c.config();
        try (ContainerLock lock = c.lock()) {
            StateProbe.Probe probe = StateProbe.probe(c.paths());
            if (probe.state() == ContainerState.STOPPED) {
                Repair.ifStale(c, probe);
                throw new StateException(c.name(), probe.state(), "is not running");
            }
            RunState run = probe.run().orElseThrow();
            if (o.reboot()) {
                signal(c, run, config.rebootSignal());
                return;
            }
            Files.writeString(c.paths().stopping(), "");
            boolean hard = o.kill() || o.timeoutSeconds() == 0;
            signal(c, run, hard ? config.stopSignal() : config.haltSignal());
            if (o.noWait()) return;
            long timeout = hard ? KILL_GRACE_MILLIS : o.timeoutSeconds() < 0 ? -1 : o.timeoutSeconds() * 1000L;
            if (!awaitStopped(run, probe.monitorAlive(), timeout)) {
                signal(c, run, Signals.SIGKILL);
                if (!awaitStopped(run, probe.monitorAlive(), KILL_GRACE_MILLIS))
                    throw new GlxcException("container '" + c.name() + "': init " + run.initPid() + " survived SIGKILL for "
                            + KILL_GRACE_MILLIS / 1000 + " s");
            }
            if (!probe.monitorAlive()) Repair.cleanUp(c);
            Files.deleteIfExists(c.paths().stopping());
        } catch (IOException e) {
            throw new GlxcException("container '" + c.name() + "': " + e.getMessage(), e);
        }
    }

    public static void signalInit(Container c, int sig) {
        StateProbe.Probe probe = StateProbe.probe(c.paths());
        if (!probe.initAlive()) throw new StateException(c.name(), probe.state(), "is not running");
        signal(c, probe.run().orElseThrow(), sig);
    }

    private static void signal(Container c, RunState run, int sig) {
        if (!Processes.signal(run.initPid(), run.initStart(), sig) && Processes.isAlive(run.initPid(), run.initStart()))
            throw new GlxcException("container '" + c.name() + "': cannot send " + Signals.name(sig) + " to init " + run.initPid());
    }

    /** Waits for the monitor (which cleans up after init), or for init when there is no monitor. */
    private static boolean awaitStopped(RunState run, boolean monitorAlive, long timeoutMillis) {
        return monitorAlive ? Processes.awaitExit(run.monitorPid(), run.monitorStart(), timeoutMillis)
                : Processes.awaitExit(run.initPid(), run.initStart(), timeoutMillis);
    }
}
