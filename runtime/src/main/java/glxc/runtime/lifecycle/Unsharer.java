package glxc.runtime.lifecycle;

import glxc.runtime.api.ContainerProcess;
import glxc.runtime.api.Namespace;
import glxc.runtime.api.UnshareOptions;
import glxc.runtime.shim.Shim;
import glxc.runtime.shim.ShimSpec;

import java.nio.file.Path;

/**
 * glxc unshare and usernsexec: a command in new namespaces, through the shim (a JVM, being
 * multi-threaded, cannot make a user namespace). No container, store or cgroup is involved.
 */
public final class Unsharer {
    private Unsharer() {}

    public static ContainerProcess run(UnshareOptions o) {
        Shim.RunFiles files = Shim.runFiles("unshare");
        Path report = files.report();
        ShimSpec spec = new ShimSpec()
                .put("mode", "unshare")
                .put("name", "unshare")
                .path("report", report)
                .put("nsflags", Namespace.flags(o.namespaces()))
                .put("mountfs", o.mountFilesystems() ? 1 : 0)
                .put("uid", o.uid())
                .put("gid", o.gid())
                .put("pdeathsig", 9)   // re-armed after the uid change: the command never outlives the shim
                .put("cwd", System.getProperty("user.dir"));
        if (o.hostname() != null) spec.put("hostname", o.hostname());
        for (String[] m : o.idmaps()) spec.put("idmap", m[0], m[1], m[2], m[3]);
        spec.putAll("arg", o.command());
        spec.putAll("env", o.environment());
        Process p = Shim.launch("unshare", spec, files.spec(), report, o.stdin(), o.stdout(), o.stderr());
        return new ContainerProcess("unshare", p, report, () -> { });
    }
}
