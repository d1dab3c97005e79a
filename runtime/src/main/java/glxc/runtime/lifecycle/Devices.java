package glxc.runtime.lifecycle;

import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerState;
import glxc.runtime.api.GlxcException;
import glxc.runtime.api.Namespace;
import glxc.runtime.api.StateException;
import glxc.runtime.net.HostLinks;
import glxc.runtime.net.Link;
import glxc.runtime.net.NetNamespace;
import glxc.runtime.net.Rtnetlink;
import glxc.runtime.shim.Shim;
import glxc.runtime.shim.ShimReport;
import glxc.runtime.shim.ShimSpec;
import glxc.runtime.store.ContainerLock;
import glxc.runtime.store.RunState;
import glxc.runtime.store.StateProbe;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * lxc-device: a host device node made available inside a running container (bound in through the
 * shim's attach path, and allowed in its device cgroup), or a host network interface moved into its
 * namespace (rtnetlink) under a name of its choosing; del undoes either. A device node in use by
 * another running container is refused; an interface can only ever be in one namespace.
 */
public final class Devices {
    private Devices() {}

    private record Node(char type, long major, long minor) {
        String rule() {
            return type + " " + major + ":" + minor + " rwm";
        }
    }

    public static void add(Container c, String what, String nameInside) {
        try (ContainerLock lock = c.lock()) {
            RunState run = running(c);
            if (what.startsWith("/")) addNode(c, run, Path.of(what), nameInside == null ? what : nameInside);
            else addInterface(c, run, what, nameInside == null ? what : nameInside);
        }
    }

    public static void remove(Container c, String what) {
        try (ContainerLock lock = c.lock()) {
            RunState run = running(c);
            if (what.startsWith("/")) removeNode(c, run, what);
            else removeInterface(c, run, what);
        }
    }

    private static void addNode(Container c, RunState run, Path host, String target) {
        Node node = node(host);
        for (Container other : c.store().list())
            if (!other.name().equals(c.name()) && other.state() == ContainerState.RUNNING
                    && recorded(other).stream().anyMatch(l -> l.contains(" " + node.type() + " " + node.major() + " " + node.minor() + " ")))
                throw new GlxcException("device " + host + " is already in use by container '" + other.name() + "' (glxc device -n " + other.name() + " del " + host + ")");
        if (recorded(c).stream().anyMatch(l -> l.startsWith(target + " "))) throw new GlxcException("container '" + c.name() + "' already has " + target);
        boolean v1Devices = allow(c, "devices.allow", node);
        try {
            attach(c, run, "device", host.toString(), target);
        } catch (RuntimeException e) {
            if (v1Devices) allow(c, "devices.deny", node);
            throw e;
        }
        record(c, target + " " + node.type() + " " + node.major() + " " + node.minor() + " " + host);
    }

    private static void removeNode(Container c, RunState run, String target) {
        Optional<String> line = recorded(c).stream().filter(l -> l.startsWith(target + " ")).findFirst();
        if (line.isEmpty()) throw new GlxcException("container '" + c.name() + "' has no device " + target + " added by glxc device");
        String[] f = line.get().split(" ");
        attach(c, run, "devremove", target);
        allow(c, "devices.deny", new Node(f[1].charAt(0), Long.parseLong(f[2]), Long.parseLong(f[3])));
        unrecord(c, line.get());
    }

    private static void addInterface(Container c, RunState run, String host, String inside) {
        try (Rtnetlink rt = Rtnetlink.here(); NetNamespace ns = NetNamespace.ofProcess(run.initPid(), run.initStart());
             Rtnetlink in = Rtnetlink.in(ns)) {
            Link link = rt.link(host).orElseThrow(() -> new GlxcException("no network interface '" + host + "' on the host"));
            rt.moveTo(link.index(), ns, inside);
            Link moved = in.require(inside);
            HostLinks.addPhys(c.paths().network(), new HostLinks.Phys(inside, host, moved.index(), moved.mac()));
        }
    }

    /** Only a device glxc moved in goes out (matched by index and MAC: names inside are the container's to change). */
    private static void removeInterface(Container c, RunState run, String inside) {
        try (NetNamespace ns = NetNamespace.ofProcess(run.initPid(), run.initStart());
             Rtnetlink rt = Rtnetlink.in(ns); NetNamespace here = NetNamespace.current()) {
            HostLinks.Phys p = HostLinks.forgetPhys(c.paths().network(), inside)
                    .orElseThrow(() -> new GlxcException("container '" + c.name() + "' has no interface '" + inside + "' that glxc device added"));
            Link link = HostLinks.find(rt, p).orElseThrow(() -> new GlxcException("container '" + c.name() + "': '" + inside
                    + "' is not the interface glxc moved in (index " + p.index() + ", " + p.mac() + ")"));
            rt.moveTo(link.index(), here, p.host());
        }
    }

    private static RunState running(Container c) {
        StateProbe.Probe probe = StateProbe.probe(c.paths());
        if (probe.state() != ContainerState.RUNNING || !probe.initAlive()) throw new StateException(c.name(), probe.state(), "is not running");
        return probe.run().orElseThrow();
    }

    private static Node node(Path p) {
        try {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) throw new GlxcException("no device " + p + " on the host");
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            long rdev = (Long) Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
            int kind = mode & 0170000;
            if (kind != 0020000 && kind != 0060000) throw new GlxcException(p + " is not a device node");
            long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
            long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
            return new Node(kind == 0020000 ? 'c' : 'b', major, minor);
        } catch (IOException e) {
            throw new GlxcException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** Writes a devices.allow / devices.deny rule where the devices controller is on v1; false where it is not. */
    private static boolean allow(Container c, String file, Node node) {
        Path folder = c.cgroups().paths().stream().filter(p -> Files.exists(p.resolve(file))).findFirst().orElse(null);
        if (folder == null) return false;
        try {
            Files.writeString(folder.resolve(file), node.rule());
            return true;
        } catch (IOException e) {
            throw new GlxcException("container '" + c.name() + "': cannot write " + file + " (" + node.rule() + "): " + e.getMessage(), e);
        }
    }

    private static void attach(Container c, RunState run, String key, String... fields) {
        Set<Namespace> ns = EnumSet.of(Namespace.MOUNT);
        if (Files.exists(Path.of("/proc", Integer.toString(run.initPid()), "ns", "user"))
                && !c.config().idmaps().isEmpty()) ns.add(Namespace.USER);
        Path report = c.paths().newReport();
        ShimSpec spec = new ShimSpec().put("mode", "attach").put("name", c.name()).path("report", report)
                .put("initpid", run.initPid()).put("initstart", run.initStart()).put("nsflags", Namespace.flags(ns))
                .put("uid", 0).put("gid", 0).put("cwd", "/").put(key, (Object[]) fields);
        Process p = Shim.launch("attach", spec, c.paths().newSpec(), report, ProcessBuilder.Redirect.from(new File("/dev/null")),
                ProcessBuilder.Redirect.DISCARD, ProcessBuilder.Redirect.INHERIT);
        int code;
        try {
            code = p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GlxcException("interrupted");
        }
        Optional<ShimReport> r = ShimReport.take(report);
        if (r.isPresent()) throw new GlxcException("container '" + c.name() + "': " + r.get().message());
        if (code != 0) throw new GlxcException("container '" + c.name() + "': the device step failed (status " + code + ")");
    }

    /** The container stopped: what glxc device added went with its namespaces and cgroups. */
    static void forget(Container c) {
        try {
            Files.deleteIfExists(records(c));
        } catch (IOException e) {
            throw new GlxcException("cannot remove " + records(c) + ": " + e.getMessage(), e);
        }
    }

    private static Path records(Container c) {
        return c.dir().resolve("glxc.devices");
    }

    private static List<String> recorded(Container c) {
        try {
            return Files.exists(records(c)) ? Files.readAllLines(records(c)) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void record(Container c, String line) {
        try {
            Files.writeString(records(c), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new GlxcException("cannot write " + records(c) + ": " + e.getMessage(), e);
        }
    }

    private static void unrecord(Container c, String line) {
        try {
            List<String> kept = recorded(c).stream().filter(l -> !l.equals(line)).toList();
            if (kept.isEmpty()) Files.deleteIfExists(records(c));
            else Files.writeString(records(c), String.join("\n", kept) + "\n");
        } catch (IOException e) {
            throw new GlxcException("cannot write " + records(c) + ": " + e.getMessage(), e);
        }
    }
}
