package glxc.runtime.lifecycle;

import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerProcess;
import glxc.runtime.api.ContainerState;
import glxc.runtime.api.StateException;
import glxc.runtime.shim.Shim;
import glxc.runtime.shim.ShimSpec;
import glxc.runtime.store.RunState;
import glxc.runtime.store.StateProbe;

import java.nio.file.Path;

/**
 * lxc-console: the shim connects to the monitor's console socket (root only) and relays the caller's
 * terminal to one of the container's ptys; Ctrl+ESCAPE q detaches.
 */
public final class Consoles {
    private Consoles() {}

    /** tty 0 is the console, N is ttyN, -1 the first free tty (the console if there are none). */
    public static ContainerProcess open(Container c, int tty, char escape, ProcessBuilder.Redirect in, ProcessBuilder.Redirect out,
                                        ProcessBuilder.Redirect err) {
        StateProbe.Probe probe = StateProbe.probe(c.paths());
        if (probe.state() != ContainerState.RUNNING || !probe.monitorAlive())
            throw new StateException(c.name(), probe.state(), "is not running" + (probe.initAlive() ? " under a monitor (no console)" : ""));
        if (escape < 'a' || escape > 'z') throw new IllegalArgumentException("the escape must be a letter a-z (Ctrl+letter), not '" + escape + "'");
        RunState run = probe.run().orElseThrow();
        Path report = c.paths().newReport();
        ShimSpec spec = new ShimSpec()
                .put("mode", "console")
                .put("name", c.name())
                .path("report", report)
                .put("monitorpid", run.monitorPid())
                .put("consoletty", tty)
                .put("escape", (int) escape);
        Process shim = Shim.launch("console", spec, c.paths().newSpec(), report, in, out, err);
        return new ContainerProcess(c.name(), shim, report, () -> { });
    }
}
