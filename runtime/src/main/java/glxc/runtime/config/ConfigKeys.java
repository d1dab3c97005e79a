package glxc.runtime.config;

import glxc.runtime.storage.RootfsSource;

import glxc.runtime.api.ConfigException;
import glxc.runtime.kernel.Capabilities;
import glxc.runtime.api.Signals;
import glxc.runtime.net.Cidr;
import glxc.runtime.net.PortForward;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Every config key glxc knows, in one table (LXC's confile.c model): its name or pattern, whether it
 * holds one value or a list, how its value is checked, and what glxc does with it today. The same table
 * feeds parsing, the start-time check, completion and help.
 */
public final class ConfigKeys {

    /** What glxc does with a key. */
    public enum Support {
        /** applied by the runtime */
        APPLIED,
        /** accepted and stored; start refuses it with "not supported yet" until its issue lands */
        LATER,
        /** accepted; ignoring it is safe here, and start says so in one warning line */
        WARN
    }

    public record Key(String name, Pattern pattern, boolean list, Support support, String note, Consumer<String> check) {
        public boolean matches(String key) {
            return pattern == null ? name.equals(key) : pattern.matcher(key).matches();
        }
    }

    private static final List<Key> KEYS = new ArrayList<>();

    /**
     * Keys LXC 3.0 renamed (its lxc-update-config's table), old name to new; "" for keys it dropped.
     * lxc.network.* becomes lxc.net.N.* with indexes (ConfigUpdate does that part).
     */
    public static final Map<String, String> RENAMED = Map.ofEntries(
            Map.entry("lxc.id_map", "lxc.idmap"), Map.entry("lxc.pts", "lxc.pty.max"), Map.entry("lxc.tty", "lxc.tty.max"),
            Map.entry("lxc.devttydir", "lxc.tty.dir"), Map.entry("lxc.aa_profile", "lxc.apparmor.profile"),
            Map.entry("lxc.aa_allow_incomplete", "lxc.apparmor.allow_incomplete"), Map.entry("lxc.se_context", "lxc.selinux.context"),
            Map.entry("lxc.mount", "lxc.mount.fstab"), Map.entry("lxc.utsname", "lxc.uts.name"), Map.entry("lxc.seccomp", "lxc.seccomp.profile"),
            Map.entry("lxc.console", "lxc.console.path"), Map.entry("lxc.haltsignal", "lxc.signal.halt"),
            Map.entry("lxc.rebootsignal", "lxc.signal.reboot"), Map.entry("lxc.stopsignal", "lxc.signal.stop"),
            Map.entry("lxc.syslog", "lxc.log.syslog"), Map.entry("lxc.loglevel", "lxc.log.level"), Map.entry("lxc.logfile", "lxc.log.file"),
            Map.entry("lxc.init_cmd", "lxc.init.cmd"), Map.entry("lxc.init_uid", "lxc.init.uid"), Map.entry("lxc.init_gid", "lxc.init.gid"),
            Map.entry("lxc.rootfs", "lxc.rootfs.path"), Map.entry("lxc.rootfs.backend", ""), Map.entry("lxc.pivotdir", ""),
            Map.entry("lxc.kmsg", ""), Map.entry("lxc.network", "lxc.net"));

    static {
        single("lxc.rootfs.path", Support.APPLIED, "root filesystem: a path, dir:PATH or overlay:LOWER:UPPER", ConfigKeys::rootfsPath);
        single("lxc.rootfs.mount", Support.WARN, "glxc mounts the rootfs in place, inside the container's mount namespace", any());
        single("lxc.rootfs.options", Support.APPLIED, "idmap=container (LXC 5's idmapped rootfs; glxc writes it for its unprivileged containers)", any());
        single("lxc.rootfs.managed", Support.APPLIED, "whether glxc owns the rootfs", bool());
        single("lxc.uts.name", Support.APPLIED, "hostname", ConfigKeys::hostname);
        list("lxc.mount.entry", Support.APPLIED, "an fstab line, target relative to the rootfs", ConfigKeys::mountEntry);
        list("lxc.mount.auto", Support.APPLIED, "proc:mixed|rw sys:ro|mixed|rw cgroup:ro|mixed|rw", ConfigKeys::mountAuto);
        single("lxc.mount.fstab", Support.APPLIED, "a file of fstab lines", any());
        single("lxc.init.cmd", Support.APPLIED, "the system container's init command (quotes group words)", Words::split);
        single("lxc.execute.cmd", Support.APPLIED, "the application container's default command (quotes group words)", Words::split);
        single("lxc.init.cwd", Support.APPLIED, "init's working directory", absolutePath());
        single("lxc.init.uid", Support.APPLIED, "init's uid", number());
        single("lxc.init.gid", Support.APPLIED, "init's gid", number());
        single("lxc.init.groups", Support.LATER, "supplementary groups", any());
        list("lxc.environment", Support.APPLIED, "VAR=value, or VAR to pass the caller's value", any());
        list("lxc.cap.drop", Support.APPLIED, "capabilities to drop", ConfigKeys::capabilities);
        list("lxc.cap.keep", Support.APPLIED, "capabilities to keep (all others dropped; 'none' drops all)", ConfigKeys::capabilities);
        single("lxc.no_new_privs", Support.APPLIED, "set no_new_privs before exec", bool());
        pattern("lxc.prlimit.", "lxc\\.prlimit\\.(" + String.join("|", Rlimits.NAMES) + ")", false, Support.APPLIED, "a resource limit: N or SOFT:HARD or unlimited", ConfigKeys::prlimit);
        single("lxc.signal.halt", Support.APPLIED, "signal that halts init (default SIGPWR)", signal());
        single("lxc.signal.reboot", Support.APPLIED, "signal that reboots init (default SIGINT)", signal());
        single("lxc.signal.stop", Support.APPLIED, "signal that kills init (default SIGKILL)", signal());
        single("lxc.autodev", Support.APPLIED, "a tmpfs /dev with the standard nodes (default 1)", bool());
        single("lxc.autodev.tmpfs.size", Support.APPLIED, "size of /dev in MB", number());
        single("lxc.tty.max", Support.APPLIED, "number of ttys backed by ptys the monitor holds", number());
        single("lxc.tty.dir", Support.APPLIED, "folder under /dev for the ttys", any());
        single("lxc.pty.max", Support.APPLIED, "most ptys the container's devpts allows", number());
        single("lxc.console.path", Support.APPLIED, "'none' for no console; a host device path is not supported yet", any());
        single("lxc.console.logfile", Support.APPLIED, "file that receives the console's output", any());
        single("lxc.console.rotate", Support.WARN, "console log rotation is not implemented; the log grows", bool());
        single("lxc.console.buffer.size", Support.WARN, "glxc keeps no console ring buffer", any());
        single("lxc.console.size", Support.WARN, "glxc keeps no console ring buffer", any());
        for (String hook : List.of("pre-start", "pre-mount", "mount", "start", "stop", "post-stop", "clone", "destroy"))
            list("lxc.hook." + hook, Support.APPLIED, "a program run at " + hook + " with LXC's arguments", any());
        list("lxc.hook.autodev", Support.LATER, "hooks", any());
        list("lxc.hook.start-host", Support.LATER, "hooks", any());
        single("lxc.hook.version", Support.APPLIED, "0: LXC's argument convention (1 is not supported)", v -> {
            if (!v.equals("0")) throw new IllegalArgumentException("only hook version 0 is supported");
        });
        single("lxc.start.auto", Support.APPLIED, "start at boot (autostart)", bool());
        single("lxc.start.delay", Support.APPLIED, "seconds to wait after starting it (read by autostart, which is still to come)", number());
        single("lxc.start.order", Support.APPLIED, "autostart order, high first (read by autostart, which is still to come)", integer());
        list("lxc.group", Support.APPLIED, "autostart groups", any());
        single("lxc.monitor.unshare", Support.WARN, "the glxc monitor never unshares", bool());
        single("lxc.monitor.signal.pdeath", Support.APPLIED, "signal init gets if the monitor dies (default SIGKILL, 0 none)", v -> {
            if (!v.equals("0")) Signals.parse(v);
        });
        single("lxc.arch", Support.APPLIED, "architecture (the host's only)", ConfigKeys::arch);
        single("lxc.log.level", Support.WARN, "glxc writes no LXC-style log", any());
        single("lxc.log.file", Support.WARN, "glxc writes no LXC-style log", any());
        single("lxc.log.syslog", Support.WARN, "glxc writes no LXC-style log", any());
        single("lxc.ephemeral", Support.APPLIED, "the container is destroyed when it stops (glxc copy -e)", bool());
        single("lxc.net", Support.APPLIED, "an empty value clears the network list", any());
        net("type", false, Support.APPLIED, "empty (loopback only), none (the host's network: unsafe), veth, macvlan, vlan, phys", ConfigKeys::netType);
        net("link", false, Support.APPLIED, "the host interface: the bridge of a veth, the parent of a macvlan/vlan, the device of phys", ConfigKeys::interfaceName);
        net("name", false, Support.APPLIED, "the interface's name inside (default ethN)", ConfigKeys::interfaceName);
        net("hwaddr", false, Support.APPLIED, "MAC address; each x is a random hex digit, filled in at create", ConfigKeys::hwaddr);
        net("mtu", false, Support.APPLIED, "MTU (default: the bridge's)", v -> range(v, 68, 65535));
        net("flags", false, Support.APPLIED, "up: bring the interface up", v -> {
            if (!v.trim().equals("up")) throw new IllegalArgumentException("the only flag is 'up', found '" + v + "'");
        });
        net("ipv4.address", true, Support.APPLIED, "ADDRESS/PREFIX [BROADCAST]; unset on a glxc DHCP bridge: an address by DHCP", v -> address(v, true, true));
        net("ipv4.gateway", false, Support.APPLIED, "auto (the bridge's address), dev (on-link default route) or an address", v -> gateway(v, true));
        net("ipv6.address", true, Support.APPLIED, "ADDRESS/PREFIX", v -> address(v, false, false));
        net("ipv6.gateway", false, Support.APPLIED, "auto, dev or an address", v -> gateway(v, false));
        net("veth.pair", false, Support.APPLIED, "the host side's name (default glxc + random)", ConfigKeys::interfaceName);
        net("veth.mode", false, Support.APPLIED, "bridge (router is not supported yet)", v -> {
            if (!v.equals("bridge") && !v.equals("router")) throw new IllegalArgumentException("expected bridge or router, found '" + v + "'");
        });
        net("veth.ipv4.route", true, Support.APPLIED, "a route on the host to this network through the veth", v -> address(v, true, false));
        net("veth.ipv6.route", true, Support.APPLIED, "a route on the host to this network through the veth", v -> address(v, false, false));
        net("macvlan.mode", false, Support.APPLIED, "private, vepa, bridge or passthru", v -> {
            if (!List.of("private", "vepa", "bridge", "passthru").contains(v)) throw new IllegalArgumentException("expected private, vepa, bridge or passthru, found '" + v + "'");
        });
        net("vlan.id", false, Support.APPLIED, "the VLAN id (0..4094)", v -> range(v, 0, 4094));
        net("l2proxy", false, Support.LATER, "networking (l2proxy)", bool());
        net("script.up", false, Support.LATER, "networking (interface scripts)", any());
        net("script.down", false, Support.LATER, "networking (interface scripts)", any());
        pattern("lxc.net.N.veth.vlan.*", "lxc\\.net\\.\\d+\\.veth\\.vlan\\.[a-z_.]+", true, Support.LATER, "networking (veth VLAN filtering)", any());
        pattern("lxc.net.N.ipvlan.*", "lxc\\.net\\.\\d+\\.ipvlan\\.[a-z_.]+", false, Support.LATER, "networking (ipvlan)", any());
        pattern("glxc.port.N", "glxc\\.port\\.\\d+", false, Support.APPLIED, "[HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp]: forward a host port to the container (needs nft; LXC skips glxc.* keys)", ConfigKeys::port);
        pattern("lxc.cgroup.*", "lxc\\.cgroup\\.[a-z_]+\\.[A-Za-z0-9_.]+", true, Support.APPLIED, "a cgroup v1 file of the container, written at start (translated where the controller is on v2)", any());
        pattern("lxc.cgroup2.*", "lxc\\.cgroup2\\.[a-z_]+\\.[A-Za-z0-9_.]+", true, Support.APPLIED, "a cgroup v2 file of the container, written at start (translated where the controller is on v1)", any());
        single("lxc.cgroup.dir", Support.LATER, "resource control", any());
        single("lxc.cgroup.relative", Support.LATER, "resource control", any());
        list("lxc.idmap", Support.APPLIED, "u|g INSIDE OUTSIDE COUNT: a user namespace with these maps (an unprivileged container)", v -> {
            if (!v.trim().matches("[ug]\\s+\\d+\\s+\\d+\\s+\\d+")) throw new IllegalArgumentException("expected 'u|g INSIDE OUTSIDE COUNT', found '" + v + "'");
        });
        single("lxc.seccomp.profile", Support.APPLIED, "an LXC seccomp profile file (version 1 or 2) used instead of glxc's default filter", absolutePath());
        single("lxc.seccomp.allow_nesting", Support.LATER, "security", any());
        single("lxc.seccomp.notify.proxy", Support.LATER, "security", any());
        single("lxc.seccomp.notify.cookie", Support.LATER, "security", any());
        pattern("lxc.apparmor.*", "lxc\\.apparmor\\.[a-z_]+", false, Support.WARN, "AppArmor is not active on this host (where it is, start refuses the key until glxc can apply profiles)", any());
        pattern("lxc.selinux.*", "lxc\\.selinux\\.[a-z_.]+", false, Support.WARN, "SELinux is not active on this host (where it is, start refuses the key until glxc can apply contexts)", any());
        pattern("lxc.sysctl.*", "lxc\\.sysctl\\.[a-z0-9_.]+", false, Support.LATER, "security", any());
        pattern("lxc.proc.*", "lxc\\.proc\\.[a-z0-9_.]+", false, Support.LATER, "security", any());
        single("lxc.namespace.clone", Support.LATER, "namespace selection", any());
        single("lxc.namespace.keep", Support.LATER, "namespace selection", any());
        pattern("lxc.namespace.share.*", "lxc\\.namespace\\.share\\.[a-z]+", false, Support.LATER, "namespace sharing", any());
        pattern("lxc.time.offset.*", "lxc\\.time\\.offset\\.[a-z]+", false, Support.LATER, "time namespaces", any());
        single("lxc.keyring.session", Support.LATER, "security", bool());
        list("lxc.include", Support.APPLIED, "another config file, or a folder of *.conf", any());
        single("glxc.seccomp", Support.APPLIED, "default (glxc's filter: no module, kexec, keyring, bpf, user namespace... calls) or off", v -> {
            if (!v.equals("default") && !v.equals("off")) throw new IllegalArgumentException("expected default or off, found '" + v + "'");
        });
        single("glxc.mask_paths", Support.APPLIED, "hide /proc/keys, /proc/kcore, /sys/firmware... and make /proc/bus, /proc/fs, /proc/irq read-only (default 1)", bool());
        single("glxc.pids.max", Support.APPLIED, "pids limit when no pids.max key is set (default 2048; max for none)", v -> {
            if (!v.equals("max") && !v.matches("\\d+")) throw new IllegalArgumentException("expected a number or max, found '" + v + "'");
        });
    }

    private ConfigKeys() {}

    public static List<Key> all() {
        return Collections.unmodifiableList(KEYS);
    }

    public static Optional<Key> find(String key) {
        for (Key k : KEYS) if (k.matches(key)) return Optional.of(k);
        return Optional.empty();
    }

    /** Checks key and value; throws a ConfigException naming file, line and key. */
    public static Key require(String key, String value, Path file, int line) {
        Key k = find(key).orElseThrow(() -> new ConfigException(file, line, key, oldName(key).orElse("unknown config key" + suggestion(key))));
        // a line break in a value would write a second line (another key) into the config file: never
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0)
            throw new ConfigException(file, line, key, "a value must not hold a line break or NUL");
        if (value.isEmpty()) return k;   // an empty value clears the key, as in LXC
        try {
            k.check().accept(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file, line, key, e.getMessage());
        }
        return k;
    }

    /** For a pre-3.0 key, what became of it and how to rewrite the file. */
    private static Optional<String> oldName(String key) {
        String renamed = RENAMED.get(key);
        if (key.startsWith("lxc.network.") || key.startsWith("lxc.limit.")) renamed = key.startsWith("lxc.limit.") ? "lxc.prlimit.*" : "lxc.net.N.*";
        if (renamed == null) return Optional.empty();
        return Optional.of("a pre-3.0 LXC key (" + (renamed.isEmpty() ? "dropped" : "now " + renamed)
                + "): 'glxc update-config -c FILE' rewrites the file");
    }

    private static String suggestion(String key) {
        return Suggestions.closest(key, KEYS.stream().filter(k -> k.pattern() == null).map(Key::name).toList(), 3);
    }

    private static void single(String name, Support s, String note, Consumer<String> check) {
        KEYS.add(new Key(name, null, false, s, note, check));
    }

    private static void list(String name, Support s, String note, Consumer<String> check) {
        KEYS.add(new Key(name, null, true, s, note, check));
    }

    private static void pattern(String name, String regex, boolean list, Support s, String note, Consumer<String> check) {
        KEYS.add(new Key(name, Pattern.compile(regex), list, s, note, check));
    }

    private static void net(String suffix, boolean list, Support s, String note, Consumer<String> check) {
        pattern("lxc.net.N." + suffix, "lxc\\.net\\.\\d+\\." + suffix.replace(".", "\\."), list, s, note, check);
    }

    private static void range(String v, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number, found '" + v + "'");
        }
        if (n < min || n > max) throw new IllegalArgumentException("expected " + min + ".." + max + ", found " + n);
    }

    /** Linux interface names: 1 to 15 bytes, no '/', ':' or white space (IFNAMSIZ is 16 with the NUL). */
    public static void interfaceName(String v) {
        if (v.isEmpty() || v.getBytes(StandardCharsets.UTF_8).length > 15)
            throw new IllegalArgumentException("interface name '" + v + "' must be 1 to 15 bytes long");
        if (v.equals(".") || v.equals("..") || !v.matches("[^/:\\s]+"))
            throw new IllegalArgumentException("invalid interface name '" + v + "'");
    }

    private static void hwaddr(String v) {
        if (!v.matches("([0-9a-fA-Fx]{2}:){5}[0-9a-fA-Fx]{2}")) throw new IllegalArgumentException("invalid MAC address '" + v + "' (expected xx:xx:xx:xx:xx:xx in hex, x for random)");
    }

    private static void address(String v, boolean ipv4, boolean broadcast) {
        String[] words = v.trim().split("\\s+");
        if (words.length > (broadcast ? 2 : 1)) throw new IllegalArgumentException("expected ADDRESS/PREFIX" + (broadcast ? " [BROADCAST]" : "") + ", found '" + v + "'");
        for (String w : words) {
            Cidr c = Cidr.parse(w);
            if (c.isIpv4() != ipv4) throw new IllegalArgumentException("'" + w + "' is not an " + (ipv4 ? "IPv4" : "IPv6") + " address");
        }
    }

    private static void gateway(String v, boolean ipv4) {
        if (v.equals("auto") || v.equals("dev")) return;
        if ((Cidr.address(v).getAddress().length == 4) != ipv4)
            throw new IllegalArgumentException("'" + v + "' is not an " + (ipv4 ? "IPv4" : "IPv6") + " address");
    }

    private static void port(String v) {
        PortForward.parse(v);
    }

    private static Consumer<String> any() {
        return v -> {};
    }

    private static Consumer<String> bool() {
        return v -> {
            if (!v.equals("0") && !v.equals("1")) throw new IllegalArgumentException("expected 0 or 1, found '" + v + "'");
        };
    }

    private static Consumer<String> number() {
        return v -> {
            if (!v.matches("\\d+")) throw new IllegalArgumentException("expected a number, found '" + v + "'");
        };
    }

    private static Consumer<String> integer() {
        return v -> {
            if (!v.matches("-?\\d+")) throw new IllegalArgumentException("expected a number, found '" + v + "'");
        };
    }

    private static Consumer<String> signal() {
        return Signals::parse;
    }

    private static Consumer<String> absolutePath() {
        return v -> {
            if (!v.startsWith("/")) throw new IllegalArgumentException("expected an absolute path, found '" + v + "'");
        };
    }

    private static void rootfsPath(String v) {
        RootfsSource.parse(v);
    }

    private static void hostname(String v) {
        if (v.length() > 64 || !v.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?"))
            throw new IllegalArgumentException("not a valid hostname: '" + v + "'");
    }

    private static void mountEntry(String v) {
        MountEntry.parse(v);
    }

    private static void mountAuto(String v) {
        AutoMounts.parse(v);
    }

    private static void capabilities(String v) {
        for (String cap : v.trim().split("\\s+"))
            if (!cap.equals("none")) Capabilities.parse(cap);
    }

    private static void prlimit(String v) {
        Rlimits.parseValue(v);
    }

    private static void arch(String v) {
        if (!List.of("x86_64", "amd64", "x86-64", "linux64").contains(v))
            throw new IllegalArgumentException("only the host's architecture (x86_64/amd64) is supported, found '" + v + "'");
    }

    private static void netType(String v) {
        if (!List.of("empty", "none", "veth", "macvlan", "ipvlan", "vlan", "phys").contains(v))
            throw new IllegalArgumentException("unknown network type '" + v + "' (empty, none, veth, macvlan, ipvlan, vlan, phys)");
    }
}
