package glxc.runtime.lifecycle;

import glxc.runtime.api.ConfigException;
import glxc.runtime.api.Container;
import glxc.runtime.api.GlxcException;
import glxc.runtime.config.ConfigLine;
import glxc.runtime.config.ContainerConfig;
import glxc.runtime.config.Rlimits;
import glxc.runtime.kernel.Processes;
import glxc.runtime.net.NetDevice;
import glxc.runtime.shim.ShimSpec;
import glxc.runtime.storage.RootfsSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * What glxc run by a normal user can do, as Podman rootless and LXC's unprivileged user containers do:
 * a user namespace from the user's /etc/subuid and /etc/subgid ranges (maps written by newuidmap and
 * newgidmap), a rootfs its root owns on disk, an empty or no network, and cgroups only inside a cgroup
 * v2 subtree the host delegated to the user (else none: RLIMIT_NPROC caps its processes). Everything
 * else is refused by name before anything is made.
 */
public final class Rootless {
    private Rootless() {}

    /** The fork-bomb guard without a pids cgroup: RLIMIT_NPROC counts per user, and root inside is one uid outside. */
    static final String DEFAULT_NPROC = "2048";

    public static boolean active() {
        return !Processes.isRoot();
    }

    static void check(Container c, ContainerConfig config) {
        if (config.idmaps().isEmpty())
            throw new GlxcException("container '" + c.name() + "': a normal user runs only unprivileged containers: it needs lxc.idmap "
                    + "(glxc create --unprivileged, with a range for " + System.getProperty("user.name") + " in /etc/subuid and /etc/subgid)");
        if (!shifted(config))
            throw new GlxcException("container '" + c.name() + "': its rootfs belongs to host root (made by root, to be shown through an "
                    + "idmapped mount, which only root can make): start it as root, or create it as " + System.getProperty("user.name"));
        for (NetDevice d : NetDevice.of(config)) {
            if (d.type().equals("empty") || d.type().equals("none")) continue;
            ConfigLine l = d.typeLine();
            throw new ConfigException(l.file(), l.line(), l.key(), "a " + d.type() + " network needs root: a normal user's container "
                    + "gets lxc.net." + d.index() + ".type = empty (its own loopback) or none");
        }
        if (c.cgroups().paths().isEmpty())
            for (ConfigLine l : config.entries())
                if (l.key().startsWith("lxc.cgroup.") || l.key().startsWith("lxc.cgroup2."))
                    throw new ConfigException(l.file(), l.line(), l.key(), "needs a cgroup, and " + System.getProperty("user.name")
                            + " has none here (no cgroup v2 subtree is delegated to them): start it as root for resource limits");
    }

    /**
     * Whether the container's files are owned on disk by the ids its root maps to (LXC's unprivileged
     * layout, and a normal user's) rather than by host root (glxc's idmapped layout): the rootfs's top
     * folder tells. For an overlay, the bottom layer.
     */
    static boolean shifted(ContainerConfig config) {
        if (config.idmaps().isEmpty()) return false;
        RootfsSource source = config.rootfsSource().orElse(null);
        if (source == null) return false;
        Path top = source instanceof RootfsSource.Overlay o ? o.lowers().get(o.lowers().size() - 1) : source.directory();
        long root = config.hostId("u", 0).orElse(-1);
        try {
            int owner = (Integer) Files.getAttribute(top, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            return root > 0 && owner == root;
        } catch (IOException | UnsupportedOperationException e) {
            return false;   // the missing-rootfs check names it
        }
    }

    /** What a normal user cannot do yet: copies keep owners, which only root may set outside the user namespace. */
    static void refuse(Container c, String what) {
        if (active()) throw new GlxcException("container '" + c.name() + "': " + what + " needs root so far: a normal user's "
                + "container holds files of its root's ids, which only root can copy with their owners");
    }

    /** Without a pids cgroup, init and attached processes get RLIMIT_NPROC unless lxc.prlimit.nproc is set. */
    static void limitProcesses(ShimSpec spec, ContainerConfig config) {
        if (config.get("lxc.prlimit.nproc").isEmpty())
            spec.put("rlimit", Rlimits.parse("lxc.prlimit.nproc", DEFAULT_NPROC).resource(), DEFAULT_NPROC, DEFAULT_NPROC);
    }
}
