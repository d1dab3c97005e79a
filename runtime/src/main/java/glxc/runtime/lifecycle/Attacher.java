package glxc.runtime.lifecycle;

import glxc.runtime.api.AttachOptions;
import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerProcess;
import glxc.runtime.api.ContainerState;
import glxc.runtime.api.StateException;
import glxc.runtime.config.ContainerConfig;
import glxc.runtime.api.Namespace;
import glxc.runtime.shim.Shim;
import glxc.runtime.shim.ShimSpec;
import glxc.runtime.store.RunState;
import glxc.runtime.store.StateProbe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import glxc.runtime.api.GlxcException;
import glxc.runtime.kernel.Processes;

/**
 * lxc-attach: the shim joins the container's namespaces (one setns on init's pidfd) and cgroups, drops
 * to the container's capabilities and execs. Only namespaces that differ from the caller's are joined.
 */
public final class Attacher {
    private Attacher() {}

    public static ContainerProcess attach(Container c, AttachOptions o) {
        StateProbe.Probe probe = StateProbe.probe(c.paths());
        if (probe.state() != ContainerState.RUNNING || !probe.initAlive())
            throw new StateException(c.name(), probe.state(), "is not running");
        boolean rootless = Rootless.active();
        if (rootless && c.config().idmaps().isEmpty()) throw new GlxcException("container '" + c.name() + "': a normal user can attach only to its own unprivileged containers");
        if (c.cgroups().isFrozen()) throw new StateException(c.name(), ContainerState.FROZEN, "is FROZEN: unfreeze it first");
        RunState run = probe.run().orElseThrow();
        ContainerConfig config = c.config();
        Path report = c.paths().newReport();
        ShimSpec spec = new ShimSpec()
                .put("mode", "attach")
                .put("name", c.name())
                .path("report", report)
                .put("initpid", run.initPid())
                .put("initstart", run.initStart())
                .put("nsflags", Namespace.flags(joinable(run.initPid(), o.namespaces())))
                .put("uid", o.uid() != null ? o.uid() : config.initUid())
                .put("gid", o.gid() != null ? o.gid() : config.initGid())
                .put("cwd", o.cwd() != null ? o.cwd() : "/")
                .put("capkeep", SpecBuilder.capabilities(c, config, run.mode().equals("execute")))
                .put("nonewprivs", config.noNewPrivs() ? 1 : 0);
        if (rootless) Rootless.limitProcesses(spec, config);
        for (Path cg : c.cgroups().paths()) if (Files.isDirectory(cg)) spec.path("cgroup", cg);
        SpecBuilder.seccomp(c, config).ifPresent(hex -> spec.put("seccomp", hex));
        if (o.escape() > 0) spec.put("escape", o.escape());
        spec.putAll("arg", o.command().isEmpty() ? List.of("/bin/sh") : o.command());
        spec.putAll("env", environment(config, o));
        Process shim = Shim.launch("attach", spec, c.paths().newSpec(), report, o.stdin(), o.stdout(), o.stderr());
        return new ContainerProcess(c.name(), shim, report, () -> { });
    }

    /** The asked-for namespaces that differ from ours; a container's user namespace always (as LXC does). */
    private static Set<Namespace> joinable(int initPid, Set<Namespace> asked) {
        Set<Namespace> wanted = EnumSet.copyOf(asked);
        wanted.add(Namespace.USER);   // never run the container's programs with our own (host) credentials
        Set<Namespace> out = EnumSet.noneOf(Namespace.class);
        for (Namespace ns : wanted) {
            try {
                Path theirs = Path.of("/proc", Integer.toString(initPid), "ns", ns.procName);
                Path ours = Path.of("/proc/self/ns", ns.procName);
                if (!Files.readSymbolicLink(theirs).equals(Files.readSymbolicLink(ours))) out.add(ns);
            } catch (IOException e) {
                // a namespace type this kernel lacks: nothing to join
            }
        }
        return out;
    }

    /** LXC's default keeps the caller's environment; --clear-env starts from nothing but --keep-var names. */
    private static List<String> environment(ContainerConfig config, AttachOptions o) {
        Map<String, String> env = new LinkedHashMap<>();
        if (!o.clearEnv()) env.putAll(System.getenv());
        for (String keep : o.keepVars()) if (System.getenv(keep) != null) env.put(keep, System.getenv(keep));
        for (String e : SpecBuilder.environment(config)) {
            int eq = e.indexOf('=');
            if (e.startsWith("PATH=") && env.containsKey("PATH") && !o.clearEnv()) continue;
            env.put(e.substring(0, eq), e.substring(eq + 1));
        }
        for (String v : o.setVars()) {
            int eq = v.indexOf('=');
            if (eq > 0) env.put(v.substring(0, eq), v.substring(eq + 1));
        }
        List<String> out = new ArrayList<>();
        env.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }
}
