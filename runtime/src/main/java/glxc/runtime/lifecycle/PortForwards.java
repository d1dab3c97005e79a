package glxc.runtime.lifecycle;

import glxc.runtime.api.Container;
import glxc.runtime.api.GlxcException;
import glxc.runtime.config.ConfigFile;
import glxc.runtime.config.ConfigLine;
import glxc.runtime.net.HostLinks;
import glxc.runtime.net.Networks;
import glxc.runtime.net.PortForward;
import glxc.runtime.store.ContainerLock;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/** glxc port: a container's glxc.port.N keys, and their nft rules while it runs (docker -p, added or removed live). */
public final class PortForwards {
    private PortForwards() {}

    public static List<PortForward> list(Container c) {
        return PortForward.of(c.config());
    }

    public static void add(Container c, String spec) {
        PortForward p = parse(spec);
        for (Container other : c.store().list())
            for (PortForward q : list(other))
                if (sameHostPort(p, q))
                    throw new GlxcException("host port " + p.hostPort() + "/" + p.protocol() + " is already forwarded to container '" + other.name() + "' (" + q + ")");
        try (ContainerLock lock = c.lock()) {
            ConfigFile file = c.configFile();
            SortedMap<Integer, ConfigLine> existing = c.config().portLines();
            file.set("glxc.port." + (existing.isEmpty() ? 0 : existing.lastKey() + 1), p.toString());
            file.write();
        }
        applyIfRunning(c);
    }

    public static void remove(Container c, String spec) {
        PortForward p = parse(spec);
        try (ContainerLock lock = c.lock()) {
            ConfigFile file = c.configFile();
            ConfigLine match = null;
            for (ConfigLine l : c.config().portLines().values())
                if (sameHostPort(p, PortForward.parse(l.value()))) match = l;
            if (match == null) throw new GlxcException("container '" + c.name() + "' has no forward of host port " + p.hostPort() + "/" + p.protocol());
            if (match.file() != null && !match.file().equals(c.configPath()))
                throw new GlxcException(match.where() + ": " + match.key() + " comes from an included file: remove it there");
            file.unset(match.key());
            file.write();
        }
        applyIfRunning(c);
    }

    private static void applyIfRunning(Container c) {
        int pid = c.info().pid();
        Networks networks = Networks.of(c.store().path());
        List<PortForward> ports = list(c);
        if (pid <= 0 || ports.isEmpty()) {
            networks.unforward(c.name());
            return;
        }
        // the address glxc gave it, never one the container added itself (root inside may add any)
        Optional<String> target = HostLinks.addresses(c.paths().network()).stream().filter(a -> a.indexOf(':') < 0).findFirst();
        if (target.isEmpty()) throw new GlxcException("container '" + c.name() + "' has no IPv4 address from glxc to forward to (the forward is saved for its next start)");
        networks.forward(c.name(), ports, target.get());
    }

    private static PortForward parse(String spec) {
        try {
            return PortForward.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new GlxcException(e.getMessage());
        }
    }

    private static boolean sameHostPort(PortForward a, PortForward b) {
        return a.hostPort() == b.hostPort() && a.protocol().equals(b.protocol())
                && (a.hostAddress() == null || b.hostAddress() == null || a.hostAddress().equals(b.hostAddress()));
    }
}
