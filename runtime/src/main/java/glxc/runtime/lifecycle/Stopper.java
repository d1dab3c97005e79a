package glxc.runtime.lifecycle;

import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerEvent;
import glxc.runtime.api.ContainerState;
import glxc.runtime.api.GlxcException;
import glxc.runtime.api.Signals;
import glxc.runtime.api.StateException;
import glxc.runtime.api.StopOptions;
import glxc.runtime.config.ContainerConfig;
import glxc.runtime.kernel.Processes;
import glxc.runtime.net.HostLinks;
import glxc.runtime.net.NetNamespace;
import glxc.runtime.net.Networks;
import glxc.runtime.store.ContainerLock;
import glxc.runtime.store.RunState;
import glxc.runtime.store.StateProbe;

import java.io.IOException;
import java.nio.file.Files;

/**
 * lxc-stop: lxc.signal.halt to init and a wait, then SIGKILL after the timeout (-k sends lxc.signal.stop
 * at once). The
 * monitor removes the cgroups and records the exit; if the monitor itself died, this does it instead.
 */
public final class Stopper {
    private static final long KILL_GRACE_MILLIS = 10_000;
    private static final long SETTLE_MILLIS = 10_000;
    private static final long HANDLER_WAIT_MILLIS = 5_000;

    private Stopper() {}

    public static void stop(Container c, StopOptions o) {
        ContainerConfig config = c.config();
        try (ContainerLock lock = c.lock()) {
            StateProbe.Probe probe = settled(c);
            if (probe.state() == ContainerState.STOPPED) {
                Repair.ifStale(c, probe);
                throw new StateException(c.name(), probe.state(), "is not running");
            }
            RunState run = probe.run().orElseThrow();
            if (c.cgroups().isFrozen()) c.cgroups().freeze(false);   // a frozen init cannot act on a signal
            if (o.reboot()) {
                signal(c, run, config.rebootSignal());
                if (!o.noWait() && !awaitNewInit(c, run, o.timeoutSeconds()))
                    throw new GlxcException("container '" + c.name() + "' did not come back within " + o.timeoutSeconds() + " s of the reboot signal");
                return;
            }
            Files.writeString(c.paths().stopping(), "");
            try {
                stopLocked(c, config, o, probe, run);
            } finally {
                if (!o.noWait() && !(o.timeoutSeconds() == 0 && !o.kill())) Files.deleteIfExists(c.paths().stopping());
            }
        } catch (IOException e) {
            throw new GlxcException("container '" + c.name() + "': " + e.getMessage(), e);
        }
    }

    private static void stopLocked(Container c, ContainerConfig config, StopOptions o, StateProbe.Probe probe, RunState run) {
        boolean wait = !(o.noWait() || (o.timeoutSeconds() == 0 && !o.kill()));   // lxc-stop -t 0 asks and returns
        // held open, the namespace outlives init, so its phys devices can go back where they came from
        try (NetNamespace held = wait && HostLinks.hasPhys(c.paths().network()) ? NetNamespace.ofProcess(run.initPid(), run.initStart()) : null) {
            if (!o.kill()) awaitHandler(run, config.haltSignal(), HANDLER_WAIT_MILLIS);
            signal(c, run, o.kill() ? config.stopSignal() : config.haltSignal());
            if (!wait) return;
            awaitStoppedOrKill(c, o, probe, run);
            if (held != null)
                for (String problem : HostLinks.returnPhys(c.paths().network(), held))
                    c.store().emit(new ContainerEvent.Warning(c.name(), "not returned to the host: " + problem));
        }
        cleanUpAfter(c, config, probe);
    }

    private static void awaitStoppedOrKill(Container c, StopOptions o, StateProbe.Probe probe, RunState run) {
        long timeout = o.kill() ? KILL_GRACE_MILLIS : o.timeoutSeconds() < 0 ? -1 : o.timeoutSeconds() * 1000L;
        if (!awaitStopped(run, probe.monitorAlive(), timeout)) {
            if (o.noKill())
                throw new GlxcException("container '" + c.name() + "' did not stop within " + o.timeoutSeconds() + " s (--nokill: left running)");
            signal(c, run, Signals.SIGKILL);
            if (!awaitStopped(run, probe.monitorAlive(), KILL_GRACE_MILLIS))
                throw new GlxcException("container '" + c.name() + "': init " + run.initPid() + " survived SIGKILL for " + KILL_GRACE_MILLIS / 1000 + " s");
        }
    }

    private static void cleanUpAfter(Container c, ContainerConfig config, StateProbe.Probe probe) {
        if (!probe.monitorAlive()) Repair.cleanUp(c);
        else HostLinks.remove(c.paths().network());
        Devices.forget(c);
        if (!config.portLines().isEmpty()) {
            try {
                Networks.of(c.store().path()).unforward(c.name());
            } catch (RuntimeException e) {
                c.store().emit(new ContainerEvent.Warning(c.name(), "cannot remove its port forwards: " + e.getMessage()));
            }
        }
    }

    public static void signalInit(Container c, int sig) {
        StateProbe.Probe probe = StateProbe.probe(c.paths());
        if (!probe.initAlive()) throw new StateException(c.name(), probe.state(), "is not running");
        signal(c, probe.run().orElseThrow(), sig);
    }

    /** A container being started (or rebooted) has no init to signal yet: wait until it has one, or is gone. */
    private static StateProbe.Probe settled(Container c) {
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
        while (true) {
            StateProbe.Probe probe = StateProbe.probe(c.paths());
            boolean transient_ = probe.state() == ContainerState.STARTING || probe.state() == ContainerState.ABORTING
                    || (probe.state() != ContainerState.STOPPED && !probe.initAlive());
            if (!transient_) return probe;
            if (System.currentTimeMillis() > deadline)
                throw new StateException(c.name(), probe.state(), "is still " + probe.state() + " after " + SETTLE_MILLIS / 1000 + " s");
            sleep(10);
        }
    }

    /**
     * PID 1 of a pid namespace ignores a signal it has no handler for: a halt sent right after a start, before
     * init has set up its handlers, would be lost and the stop would wait its whole timeout. Wait (briefly) until
     * init catches the signal; an init that never does gets it anyway, and the timeout and kill follow.
     */
    private static void awaitHandler(RunState run, int sig, long maxMillis) {
        long deadline = System.currentTimeMillis() + maxMillis;
        while (System.currentTimeMillis() < deadline && !Processes.catches(run.initPid(), sig) && Processes.isAlive(run.initPid(), run.initStart()))
            sleep(10);
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

    private static boolean awaitNewInit(Container c, RunState before, int timeoutSeconds) {
        long deadline = timeoutSeconds < 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutSeconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            StateProbe.Probe p = StateProbe.probe(c.paths());
            if (p.state() == ContainerState.RUNNING && p.run().map(RunState::initPid).orElse(before.initPid()) != before.initPid()) return true;
            if (p.state() == ContainerState.STOPPED) return false;
            sleep(20);
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GlxcException("interrupted");
        }
    }
}
