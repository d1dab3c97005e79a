package glxc.runtime.lifecycle;

import glxc.runtime.storage.RootfsSource;

import glxc.runtime.api.Container;
import glxc.runtime.api.GlxcException;
import glxc.runtime.cgroup.CgroupLayout;
import glxc.runtime.config.AutoMounts;
import glxc.runtime.config.ContainerConfig;
import glxc.runtime.config.MaskedPaths;
import glxc.runtime.config.MountEntry;
import glxc.runtime.config.MountFlags;
import glxc.runtime.config.Rlimits;
import glxc.runtime.config.Words;
import glxc.runtime.api.Namespace;
import glxc.runtime.shim.ShimSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import glxc.runtime.api.ContainerEvent;
import glxc.runtime.kernel.Capabilities;
import glxc.runtime.seccomp.DefaultProfile;
import glxc.runtime.seccomp.LxcSeccompProfile;
import glxc.runtime.seccomp.SeccompFilter;
import java.util.Optional;

/** Turns a validated configuration into the shim's spec for start or execute: one recipe, top to bottom. */
final class SpecBuilder {
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final long PROC_FLAGS = MountFlags.NOSUID | MountFlags.NODEV | MountFlags.NOEXEC;

    private SpecBuilder() {}

    static ShimSpec build(Container c, ContainerConfig config, Path rootfs, String mode, boolean foreground,
                          List<String> command, Path report, List<Path> cgroups, LaunchNetwork network) {
        String netns = network.namespacePath();
        ShimSpec spec = new ShimSpec()
                .put("mode", mode)
                .put("name", c.name())
                .path("runfile", c.paths().run())
                .path("exitfile", c.paths().exit())
                .path("stoppingfile", c.paths().stopping())
                .path("report", report)
                .path("rootfs", rootfs)
                .put("nsflags", Namespace.flags(namespaces(config, netns != null)))
                .put("autodev", config.autodev() ? 1 : 0)
                .put("ttys", mode.equals("start") ? config.ttyMax() : 0)
                .put("ptys", config.ptyMax())
                .put("console", mode.equals("start") && config.hasConsole() ? 1 : 0)
                .put("foreground", foreground ? 1 : 0)
                .put("uid", config.initUid())
                .put("gid", config.initGid())
                .put("cwd", config.initCwd())
                .put("capkeep", capabilities(c, config, mode.equals("execute")))
                .put("nonewprivs", config.noNewPrivs() ? 1 : 0)
                .put("sighalt", config.haltSignal())
                .put("pdeathsig", config.monitorDeathSignal())
                .put("devsize", config.devSizeMegabytes());
        config.hostname().ifPresent(h -> spec.put("hostname", h));
        if (config.rootfsSource().orElseThrow() instanceof RootfsSource.Overlay o)
            spec.put("overlay", o.lowerdir(), o.upper(), o.work());
        if (config.ephemeral() && mode.equals("start")) spec.path("ephemeral", c.dir());
        if (netns != null) spec.put("netns", netns);
        if (network.handshakePath() != null) spec.put("netsync", network.handshakePath());
        for (String[] m : config.idmaps()) spec.put("idmap", m[0], m[1], m[2], m[3]);
        if (Rootless.shifted(config)) spec.put("shifted", 1);
        seccomp(c, config).ifPresent(hex -> spec.put("seccomp", hex));
        if (!config.ttyDir().isEmpty()) spec.put("ttydir", config.ttyDir());
        config.consoleLogfile().ifPresent(f -> spec.put("consolelog", f));
        for (Path cg : cgroups) spec.path("cgroup", cg);
        for (MountEntry m : mounts(c, config, rootfs, network.mounts(rootfs))) spec.mount(m);
        for (Rlimits.Limit l : config.rlimits()) spec.put("rlimit", l.resource(), l.soft(), l.hard());
        if (cgroups.isEmpty() || Rootless.active()) Rootless.limitProcesses(spec, config);   // a user's delegated subtree may lack the pids controller
        spec.putAll("arg", command(c, config, mode, command));
        spec.putAll("env", environment(config));
        for (var e : HostHooks.hookEnvironment(c, config).entrySet()) spec.put("hookenv", e.getKey() + "=" + e.getValue());
        for (String type : List.of("pre-start", "pre-mount", "mount", "start", "stop", "post-stop"))
            for (String hook : config.hooks(type)) spec.put("hook", type, hook);
        return spec;
    }

    /** lxc.seccomp.profile if given, else glxc's default filter unless glxc.seccomp = off (x86_64 only so far). */
    static Optional<String> seccomp(Container c, ContainerConfig config) {
        Optional<String> profile = config.get("lxc.seccomp.profile");
        if (profile.isEmpty() && !config.seccomp()) return Optional.empty();
        if (!System.getProperty("os.arch").equals("amd64")) {
            if (profile.isPresent())
                throw new GlxcException("container '" + c.name() + "': lxc.seccomp.profile: glxc builds seccomp filters for x86_64 only so far");
            c.store().emit(new ContainerEvent.Warning(c.name(), "no seccomp filter: glxc builds it for x86_64 only so far"));
            return Optional.empty();
        }
        if (profile.isEmpty()) return Optional.of(DefaultProfile.filterHex());
        return Optional.of(SeccompFilter.compile(LxcSeccompProfile.read(Path.of(profile.get()))).hex());
    }

    /**
     * The capability mask; without a device cgroup to stop it (a host keeping devices on cgroup v2) a
     * privileged container loses mknod, or it could make and open the host's disk.
     */
    static long capabilities(Container c, ContainerConfig config, boolean application) {
        long keep = config.capabilitiesKept(application);
        long mknod = 1L << Capabilities.parse("mknod");
        if (config.idmaps().isEmpty() && CgroupLayout.detect().withController("devices") == null && (keep & mknod) != 0) {
            c.store().emit(new ContainerEvent.Warning(c.name(), "mknod is dropped: device access cannot be restricted on this host's cgroup v2 yet"));
            keep &= ~mknod;
        }
        return keep;
    }

    /** The namespaces the shim unshares; a network namespace glxc prepared is joined instead of made. */
    static Set<Namespace> namespaces(ContainerConfig config, boolean preparedNetwork) {
        Set<Namespace> ns = EnumSet.of(Namespace.MOUNT, Namespace.PID, Namespace.UTSNAME, Namespace.IPC, Namespace.CGROUP, Namespace.NETWORK);
        if (preparedNetwork || config.networkTypes().containsValue("none")) ns.remove(Namespace.NETWORK);
        if (!config.idmaps().isEmpty()) ns.add(Namespace.USER);
        return ns;
    }

    private static List<String> command(Container c, ContainerConfig config, String mode, List<String> command) {
        if (!command.isEmpty()) return command;
        String cmd = mode.equals("execute") ? config.executeCmd().orElse(null) : config.initCmd().orElse("/sbin/init");
        if (cmd == null) throw new GlxcException("container '" + c.name() + "': no command given and lxc.execute.cmd is not set");
        return Words.split(cmd);
    }

    /** init's environment, as LXC builds it: container=lxc, a default PATH, then lxc.environment. */
    static List<String> environment(ContainerConfig config) {
        List<String> env = new ArrayList<>(List.of("container=lxc", "PATH=" + DEFAULT_PATH));
        if (config.ttyMax() > 0) {
            List<String> ttys = new ArrayList<>();
            for (int i = 1; i <= config.ttyMax(); i++) ttys.add("tty" + i);
            env.add("container_ttys=" + String.join(" ", ttys));
        }
        for (String v : config.environment()) {
            int eq = v.indexOf('=');
            String name = eq < 0 ? v : v.substring(0, eq);
            String value = eq < 0 ? System.getenv(name) : v.substring(eq + 1);
            if (value == null) continue;
            env.removeIf(e -> e.startsWith(name + "="));
            env.add(name + "=" + value);
        }
        return env;
    }

    /** lxc.mount.auto first (proc, sys, cgroup), then lxc.mount.fstab, then lxc.mount.entry, in order. */
    static List<MountEntry> mounts(Container c, ContainerConfig config, Path rootfs, List<MountEntry> networkMounts) {
        AutoMounts auto = Rootless.active() ? new AutoMounts(config.autoMounts().proc(), config.autoMounts().sys(), null) : config.autoMounts();   // no cgroup to show
        List<MountEntry> out = new ArrayList<>(autoMounts(auto, config.idmaps().isEmpty() ? null : c.cgroups().paths()));
        if (config.maskPaths()) out.addAll(MaskedPaths.mounts(config.autoMounts().proc() != null, config.autoMounts().sys() != null));
        out.addAll(networkMounts);
        if (config.mountFstab().isPresent()) {
            Path fstab = Path.of(config.mountFstab().get());
            try {
                for (String line : Files.readAllLines(fstab))
                    if (!line.isBlank() && !line.trim().startsWith("#")) out.add(MountEntry.parse(line).relativeTo(rootfs.toString()));
            } catch (IOException | IllegalArgumentException e) {
                throw new GlxcException("container '" + c.name() + "': lxc.mount.fstab " + fstab + ": " + e.getMessage());
            }
        }
        for (MountEntry m : config.mountEntries()) out.add(m.relativeTo(rootfs.toString()));
        return out;
    }

    /** userCgroups: in a user namespace cgroup v1 cannot be mounted, so the container's own folders are bound instead. */
    static List<MountEntry> autoMounts(AutoMounts auto, List<Path> userCgroups) {
        List<MountEntry> out = new ArrayList<>();
        if (auto.proc() != null) {
            out.add(mount("proc", "proc", "proc", PROC_FLAGS, ""));
            if (auto.proc().equals("mixed")) {
                out.add(bindInside("proc/sys", MountFlags.RDONLY | PROC_FLAGS, false));
                out.add(bindInside("proc/sysrq-trigger", MountFlags.RDONLY | PROC_FLAGS, true));
            }
        }
        if (auto.sys() != null)
            out.add(mount("sysfs", "sys", "sysfs", PROC_FLAGS | (auto.sys().equals("rw") ? 0 : MountFlags.RDONLY), ""));
        if (auto.cgroup() != null)
            out.addAll(userCgroups != null && CgroupLayout.detect().kind() != CgroupLayout.Kind.V2
                    ? boundCgroups(userCgroups, !auto.cgroup().equals("rw"))
                    : cgroupMounts(CgroupLayout.detect(), !auto.cgroup().equals("rw")));
        return out;
    }

    /** The container's own cgroups (a cgroup namespace makes them its root), read-only unless cgroup:rw. */
    static List<MountEntry> cgroupMounts(CgroupLayout layout, boolean readOnly) {
        List<MountEntry> out = new ArrayList<>();
        long ro = readOnly ? MountFlags.RDONLY : 0;
        if (layout.kind() == CgroupLayout.Kind.V2) {
            out.add(mount("cgroup2", "sys/fs/cgroup", "cgroup2", PROC_FLAGS | ro, ""));
            return out;
        }
        out.add(mount("cgroup", "sys/fs/cgroup", "tmpfs", PROC_FLAGS, "size=1024k,mode=755"));
        for (CgroupLayout.Hierarchy h : layout.hierarchies()) {
            String target = "sys/fs/cgroup/" + h.mountPoint().getFileName();
            out.add(h.v2() ? mount("cgroup2", target, "cgroup2", PROC_FLAGS | ro, "")
                    : mount("cgroup", target, "cgroup", PROC_FLAGS | ro, h.options()));
        }
        return out;
    }

    private static List<MountEntry> boundCgroups(List<Path> folders, boolean readOnly) {
        List<MountEntry> out = new ArrayList<>();
        out.add(mount("cgroup", "sys/fs/cgroup", "tmpfs", PROC_FLAGS, "size=1024k,mode=755"));
        for (Path f : folders)
            out.add(new MountEntry(f.toString(), "sys/fs/cgroup/" + f.getParent().getParent().getFileName(), "",
                    MountFlags.BIND | PROC_FLAGS | (readOnly ? MountFlags.RDONLY : 0), "", MountEntry.Create.DIR, true, false));
        return out;
    }

    private static MountEntry mount(String src, String target, String type, long flags, String data) {
        return new MountEntry(src, target, type, flags, data, MountEntry.Create.DIR, false, false);
    }

    private static MountEntry bindInside(String path, long flags, boolean optional) {
        return new MountEntry(path, path, "", MountFlags.BIND | flags, "", MountEntry.Create.NONE, optional, true);
    }

}
