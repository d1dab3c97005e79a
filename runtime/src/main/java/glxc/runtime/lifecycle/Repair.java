package glxc.runtime.lifecycle;

import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerEvent;
import glxc.runtime.net.HostLinks;
import glxc.runtime.net.Networks;
import glxc.runtime.store.ExitState;
import glxc.runtime.store.StateProbe;

import java.io.IOException;
import java.nio.file.Files;
import glxc.runtime.api.GlxcException;

/** Clears what a dead monitor left (run file, cgroups), so the next command finds a clean STOPPED. */
final class Repair {
    private Repair() {}

    static void ifStale(Container c, StateProbe.Probe probe) {
        if (!probe.stale()) return;
        cleanUp(c);
    }

    /** Called with the lock held, once no process of the container is left. */
    static void cleanUp(Container c) {
        c.cgroups().remove();
        Devices.forget(c);
        try {
            HostLinks.remove(c.paths().network());
            if (!c.config().portLines().isEmpty()) Networks.of(c.store().path()).unforward(c.name());   // its address may go to another
        } catch (RuntimeException e) {
            c.store().emit(new ContainerEvent.Warning(c.name(), "cleaning up its network: " + e.getMessage()));
        }
        try {
            if (!Files.exists(c.paths().exit())) ExitState.write(c.paths().exit(), -1, 0);
            Files.deleteIfExists(c.paths().run());
            Files.deleteIfExists(c.paths().stopping());
        } catch (IOException e) {
            throw new GlxcException("container '" + c.name() + "': cannot clean up its state files: " + e.getMessage(), e);
        }
    }
}
