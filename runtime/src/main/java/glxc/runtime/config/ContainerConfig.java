package glxc.runtime.config;

import glxc.runtime.api.ConfigException;
import glxc.runtime.kernel.Capabilities;
import glxc.runtime.api.Signals;
import glxc.runtime.storage.RootfsSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The effective configuration of a container: its config file with includes expanded, then any
 * overrides (-s KEY=VAL), resolved the way LXC resolves them: a later single value wins, list values
 * accumulate, an empty value clears. Typed accessors serve the runtime; raw lines keep file and line
 * for errors.
 */
public final class ContainerConfig {
    /**
     * What a system container loses when neither lxc.cap.drop nor lxc.cap.keep is given: LXC's common.conf
     * set plus sys_admin, without which a privileged container cannot remount the host's cgroups to reach
     * release_agent (CVE-2022-0492) nor mount what it likes. Busybox init runs without it; a systemd
     * container wants a user namespace (where it gets sys_admin over its own things) or lxc.cap.keep.
     */
    public static final List<String> DEFAULT_CAP_DROP = List.of("mac_admin", "mac_override", "sys_time", "sys_module", "sys_rawio", "sys_admin");

    private final Map<String, List<ConfigLine>> values = new LinkedHashMap<>();

    public ContainerConfig(List<ConfigLine> entries) {
        for (ConfigLine e : entries) add(e);
    }

    public static ContainerConfig of(ConfigFile file, List<ConfigLine> overrides) {
        List<ConfigLine> all = new ArrayList<>(file.effectiveEntries());
        all.addAll(overrides);
        return new ContainerConfig(all);
    }

    /** Parses "KEY=VALUE" as given to -s/--define. */
    public static ConfigLine override(String definition) {
        int eq = definition.indexOf('=');
        if (eq <= 0) throw new ConfigException(null, 0, null, "expected KEY=VALUE, found '" + definition + "'");
        String key = definition.substring(0, eq).trim();
        String value = definition.substring(eq + 1).trim();
        ConfigKeys.require(key, value, null, 0);
        return new ConfigLine(definition, key, value, null, 0);
    }

    private void add(ConfigLine e) {
        ConfigKeys.Key k = ConfigKeys.find(e.key()).orElseThrow();
        if (e.key().equals("lxc.net") && e.value().isEmpty()) {
            values.keySet().removeIf(key -> key.startsWith("lxc.net."));
            return;
        }
        List<ConfigLine> list = values.computeIfAbsent(e.key(), x -> new ArrayList<>());
        if (!k.list() || e.value().isEmpty()) list.clear();
        if (!e.value().isEmpty()) list.add(e);
        if (list.isEmpty()) values.remove(e.key());
    }

    public Optional<String> get(String key) {
        List<ConfigLine> l = values.get(key);
        return l == null || l.isEmpty() ? Optional.empty() : Optional.of(l.get(l.size() - 1).value());
    }

    public List<String> getAll(String key) {
        List<ConfigLine> l = values.get(key);
        return l == null ? List.of() : l.stream().map(ConfigLine::value).toList();
    }

    public List<ConfigLine> lines(String key) {
        return values.getOrDefault(key, List.of());
    }

    /** Every key set, with the line that set it last. */
    public List<ConfigLine> entries() {
        List<ConfigLine> out = new ArrayList<>();
        values.values().forEach(out::addAll);
        return out;
    }

    private String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    private int intValue(String key, int fallback) {
        return get(key).map(Integer::parseInt).orElse(fallback);
    }

    /** The folder the container sees as / on the host: a dir rootfs itself, an overlay's mount point. */
    public Optional<Path> rootfs() {
        return rootfsSource().map(s -> s instanceof RootfsSource.Overlay o ? o.mountPoint() : s.directory());
    }

    /** lxc.rootfs.path parsed (dir or overlay); the key table has checked it already. */
    public Optional<RootfsSource> rootfsSource() {
        return get("lxc.rootfs.path").map(RootfsSource::parse);
    }

    public boolean ephemeral() { return get("lxc.ephemeral", "0").equals("1"); }

    public Optional<String> hostname() { return get("lxc.uts.name"); }

    public List<MountEntry> mountEntries() {
        List<MountEntry> out = new ArrayList<>();
        for (ConfigLine l : lines("lxc.mount.entry")) out.add(MountEntry.parse(l.value()));
        return out;
    }

    public Optional<String> mountFstab() { return get("lxc.mount.fstab"); }

    public AutoMounts autoMounts() {
        List<String> all = getAll("lxc.mount.auto");
        if (all.isEmpty()) return AutoMounts.DEFAULT;
        AutoMounts a = AutoMounts.NONE;
        for (String v : all) a = a.with(v);
        return a;
    }

    public Optional<String> initCmd() { return get("lxc.init.cmd"); }
    public Optional<String> executeCmd() { return get("lxc.execute.cmd"); }
    public String initCwd() { return get("lxc.init.cwd", "/"); }
    public int initUid() { return intValue("lxc.init.uid", 0); }
    public int initGid() { return intValue("lxc.init.gid", 0); }
    public List<String> environment() { return getAll("lxc.environment"); }
    public boolean noNewPrivs() { return get("lxc.no_new_privs", "0").equals("1"); }
    /** lxc.idmap lines as {type, inside, outside, count}. */
    public List<String[]> idmaps() {
        List<String[]> out = new ArrayList<>();
        for (String v : getAll("lxc.idmap")) out.add(v.trim().split("\\s+"));
        return out;
    }

    /** The host id that a container id maps to through lxc.idmap ("u" or "g"), if it is mapped. */
    public OptionalLong hostId(String type, long inside) {
        for (String[] m : idmaps()) {
            if (!m[0].equals(type) && !m[0].equals("b")) continue;
            long in = Long.parseLong(m[1]), out = Long.parseLong(m[2]), count = Long.parseLong(m[3]);
            if (inside >= in && inside < in + count) return OptionalLong.of(out + inside - in);
        }
        return OptionalLong.empty();
    }

    public boolean maskPaths() { return get("glxc.mask_paths", "1").equals("1"); }
    public boolean seccomp() { return get("glxc.seccomp", "default").equals("default"); }
    public Optional<String> defaultPidsMax() { return Optional.of(get("glxc.pids.max", "2048")).filter(v -> !v.equals("max")); }
    public boolean autodev() { return get("lxc.autodev", "1").equals("1"); }
    public int ttyMax() { return intValue("lxc.tty.max", 0); }
    public String ttyDir() { return get("lxc.tty.dir", ""); }
    public int ptyMax() { return intValue("lxc.pty.max", 0); }
    public boolean hasConsole() { return !get("lxc.console.path", "/dev/console").equals("none"); }
    public Optional<String> consoleLogfile() { return get("lxc.console.logfile"); }
    public int haltSignal() { return Signals.parse(get("lxc.signal.halt", "SIGPWR")); }
    public int rebootSignal() { return Signals.parse(get("lxc.signal.reboot", "SIGINT")); }
    public int stopSignal() { return Signals.parse(get("lxc.signal.stop", "SIGKILL")); }
    public int monitorDeathSignal() { String v = get("lxc.monitor.signal.pdeath", "SIGKILL"); return v.equals("0") ? 0 : Signals.parse(v); }
    public int devSizeMegabytes() { return intValue("lxc.autodev.tmpfs.size", 0); }
    public Optional<String> consolePath() { return get("lxc.console.path"); }
    public boolean rootfsManaged() { return get("lxc.rootfs.managed", "1").equals("1"); }
    public boolean startAuto() { return get("lxc.start.auto", "0").equals("1"); }
    public int startDelay() { return intValue("lxc.start.delay", 0); }
    public int startOrder() { return intValue("lxc.start.order", 0); }
    public List<String> groups() { return getAll("lxc.group"); }
    public List<String> hooks(String type) { return getAll("lxc.hook." + type); }

    /** lxc.cgroup.FILE and lxc.cgroup2.FILE lines, in the order their keys first appear. */
    public List<ConfigLine> cgroupLines() {
        List<ConfigLine> out = new ArrayList<>();
        for (ConfigLine l : entries())
            if ((l.key().startsWith("lxc.cgroup.") || l.key().startsWith("lxc.cgroup2.")) && !l.key().equals("lxc.cgroup.dir")
                    && !l.key().equals("lxc.cgroup.relative")) out.add(l);
        return out;
    }

    public List<Rlimits.Limit> rlimits() {
        List<Rlimits.Limit> out = new ArrayList<>();
        for (ConfigLine l : entries())
            if (l.key().startsWith("lxc.prlimit.")) out.add(Rlimits.parse(l.key(), l.value()));
        return out;
    }

    /** Podman's default set, for application containers (execute) when the config names none. */
    public static final List<String> APPLICATION_CAPS = List.of("chown", "dac_override", "fowner", "fsetid", "kill",
            "net_bind_service", "setfcap", "setgid", "setpcap", "setuid", "sys_chroot");

    /**
     * The capabilities kept, as a bit mask: lxc.cap.keep if given, else all minus lxc.cap.drop; with
     * neither, Podman's 11 for an application container and all but LXC's common.conf drop set for a
     * system container.
     */
    public long capabilitiesKept(boolean application) {
        if (application && getAll("lxc.cap.keep").isEmpty() && getAll("lxc.cap.drop").isEmpty()) {
            long mask = 0;
            for (String c : APPLICATION_CAPS) mask |= 1L << Capabilities.parse(c);
            return mask;
        }
        if (!idmaps().isEmpty() && getAll("lxc.cap.keep").isEmpty() && getAll("lxc.cap.drop").isEmpty()) {
            long mask = Capabilities.ALL;   // in its own user namespace sys_admin reaches only the container's things
            for (String c : DEFAULT_CAP_DROP) if (!c.equals("sys_admin")) mask &= ~(1L << Capabilities.parse(c));
            return mask;
        }
        return capabilitiesKept();
    }

    private long capabilitiesKept() {
        List<String> keep = getAll("lxc.cap.keep");
        List<String> drop = getAll("lxc.cap.drop");
        if (!keep.isEmpty() && !drop.isEmpty()) {
            ConfigLine l = lines("lxc.cap.drop").get(0);
            throw new ConfigException(l.file(), l.line(), "lxc.cap.drop", "lxc.cap.keep and lxc.cap.drop cannot both be set");
        }
        if (!keep.isEmpty()) {
            long mask = 0;
            for (String v : keep) for (String c : v.trim().split("\\s+")) if (!c.equals("none")) mask |= 1L << Capabilities.parse(c);
            return mask;
        }
        long mask = Capabilities.ALL;
        List<String> dropped = drop.isEmpty() ? DEFAULT_CAP_DROP : drop;
        for (String v : dropped) for (String c : v.trim().split("\\s+")) mask &= ~(1L << Capabilities.parse(c));
        return mask;
    }

    /** Network types by index, for the start-time check (veth and the rest come with networking). */
    /** glxc.port.N values by N, in index order. */
    public SortedMap<Integer, ConfigLine> portLines() {
        SortedMap<Integer, ConfigLine> out = new TreeMap<>();
        for (ConfigLine l : entries())
            if (l.key().matches("glxc\\.port\\.\\d+")) out.put(Integer.parseInt(l.key().substring("glxc.port.".length())), l);
        return out;
    }

    public Map<String, String> networkTypes() {
        Map<String, String> out = new LinkedHashMap<>();
        for (ConfigLine l : entries())
            if (l.key().matches("lxc\\.net\\.\\d+\\.type")) out.put(l.key(), l.value());
        return out;
    }
}
