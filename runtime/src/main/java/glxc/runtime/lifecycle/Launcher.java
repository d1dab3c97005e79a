package glxc.runtime.lifecycle;

import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerProcess;
import glxc.runtime.api.ContainerState;
import glxc.runtime.api.GlxcException;
import glxc.runtime.kernel.Processes;
import glxc.runtime.api.LaunchOptions;
import glxc.runtime.api.ShimException;
import glxc.runtime.api.StateException;
import glxc.runtime.api.ContainerEvent;
import glxc.runtime.cgroup.CgroupSettings;
import glxc.runtime.cgroup.ContainerCgroups;
import glxc.runtime.config.ConfigFile;
import glxc.runtime.config.ConfigLine;
import glxc.runtime.config.ContainerConfig;
import glxc.runtime.shim.Shim;
import glxc.runtime.shim.ShimReport;
import glxc.runtime.shim.ShimSpec;
import glxc.runtime.store.ContainerLock;
import glxc.runtime.store.StateProbe;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * start and execute: validate, lock, create the cgroups, hand the spec to the shim. The shim's monitor
 * undoes its own work on failure; this class undoes the cgroups if the shim never got that far.
 */
public final class Launcher {
    private Launcher() {}

    /** lxc-start -d: returns when init runs (or throws with the failing step); the monitor stays behind. */
    public static void startDetached(Container c, LaunchOptions options) {
        Prepared p = prepare(c, options, "start", false);
        try {
            Process launcher = Shim.launch("start", p.spec, c.paths().newSpec(), p.report, ProcessBuilder.Redirect.from(new File("/dev/null")),
                    ProcessBuilder.Redirect.DISCARD, ProcessBuilder.Redirect.INHERIT);
            serveNetwork(p, launcher);
            int code = Processes.waitUninterruptibly(launcher);
            Optional<ShimReport> r = ShimReport.take(p.report);
            if (r.isPresent()) throw new ShimException(c.name(), r.get().step(), r.get().errno(), r.get().message());
            if (code != 0) throw new GlxcException("container '" + c.name() + "': the glxc shim exited with status " + code + " without a report");
        } catch (RuntimeException e) {
            undo(p, e);
            p.network.close();
            p.lock.close();
            throw e;
        }
        try {
            p.network.handedOver();   // the container runs now: what fails here is a warning, never an undo
        } finally {
            p.network.close();
            p.lock.close();
        }
    }

    /** Undoes a failed start; a failure while undoing is attached to the cause, never hides it. */
    private static void undo(Prepared p, RuntimeException cause) {
        try {
            p.network.undo();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
        try {
            p.cgroups.remove();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** Foreground start or execute: returns the running shim; the caller waits for the exit status. */
    public static ContainerProcess launch(Container c, LaunchOptions options, String mode, boolean foreground) {
        Prepared p = prepare(c, options, mode, foreground);
        Process shim;
        try {
            shim = Shim.launch(mode, p.spec, c.paths().newSpec(), p.report, options.stdin(), options.stdout(), options.stderr());
            serveNetwork(p, shim);
            awaitRunFile(c, shim);
        } catch (RuntimeException e) {
            undo(p, e);
            p.network.close();
            p.lock.close();
            throw e;
        }
        try {
            p.network.handedOver();
            return new ContainerProcess(c.name(), shim, p.report, p.cgroups::remove, p.network::removeHostLinks);
        } finally {
            p.network.close();
            p.lock.close();
        }
    }

    /** The handshake of an unprivileged container's network; on failure the shim gives up too, so its report is noise. */
    private static void serveNetwork(Prepared p, Process shim) {
        try {
            p.network.serve(shim);
        } catch (RuntimeException e) {
            Processes.waitUninterruptibly(shim);
            ShimReport.take(p.report);
            throw e;
        }
    }

    private record Prepared(ShimSpec spec, Path report, ContainerCgroups cgroups, LaunchNetwork network, ContainerLock lock) {}

    private static Prepared prepare(Container c, LaunchOptions options, String mode, boolean foreground) {
        ContainerConfig config = effectiveConfig(c, options);
        Path rootfs = StartCheck.validate(c.store(), c, config);
        ContainerLock lock = c.lock();
        ContainerCgroups cgroups = c.cgroups();
        try {
            StateProbe.Probe probe = StateProbe.probe(c.paths());
            if (probe.state() != ContainerState.STOPPED)
                throw new StateException(c.name(), probe.state(), probe.state() == ContainerState.RUNNING ? "is already running" : "is " + probe.state());
            Repair.ifStale(c, probe);
            Files.deleteIfExists(c.paths().exit());
            Path report = c.paths().newReport();
            LaunchNetwork.removeStale(c);
            boolean rootless = Rootless.active();
            boolean tracked = !cgroups.paths().isEmpty();   // a normal user: only in a cgroup subtree the host delegated
            if (tracked) cgroups.create();
            LaunchNetwork network = null;
            try {
                if (!tracked) {
                    c.store().emit(new ContainerEvent.Warning(c.name(), "no cgroup (none is delegated to " + System.getProperty("user.name")
                            + " here): no resource limits, no freeze; processes capped by RLIMIT_NPROC " + Rootless.DEFAULT_NPROC
                            + " unless lxc.prlimit.nproc says otherwise"));
                } else {
                    if (!config.idmaps().isEmpty() && !rootless) cgroups.delegateTo(config.hostId("u", 0).orElseThrow(), config.hostId("g", 0).orElseThrow());
                    CgroupSettings settings = new CgroupSettings(cgroups.v1(), cgroups.v2()).withDefaultPidsMax(config.defaultPidsMax().orElse(null));
                    cgroups.apply(settings.resolve(config.cgroupLines()));
                    if (!settings.enforcesDevices() && !rootless)
                        c.store().emit(new ContainerEvent.Warning(c.name(), "device access is not restricted: this host keeps devices on cgroup v2, "
                                + "whose BPF device programs glxc cannot load yet"));
                }
                network = LaunchNetwork.prepare(c, config);
                ShimSpec spec = SpecBuilder.build(c, config, rootfs, mode, foreground, options.command(), report, tracked ? cgroups.paths() : List.of(), network);
                return new Prepared(spec, report, cgroups, network, lock);
            } catch (RuntimeException e) {
                if (network != null) network.undo();
                if (tracked) cgroups.remove();
                throw e;
            }
        } catch (IOException e) {
            lock.close();
            throw new GlxcException("container '" + c.name() + "': " + e.getMessage(), e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The container's config, or the -f file instead, then -s overrides (LXC's precedence). */
    static ContainerConfig effectiveConfig(Container c, LaunchOptions options) {
        ConfigFile file = options.configFile() != null ? ConfigFile.read(options.configFile()) : c.configFile();
        List<ConfigLine> overrides = new ArrayList<>();
        for (String d : options.overrides()) overrides.add(ContainerConfig.override(d));
        return ContainerConfig.of(file, overrides);
    }

    /** Holds the lock until the monitor has written its run file (created whole), so a second start sees the first. */
    private static void awaitRunFile(Container c, Process shim) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(c.paths().run()) && shim.isAlive() && System.nanoTime() < deadline)
            LockSupport.parkNanos(100_000);
    }

}
