package glxc.dsl;

import glxc.runtime.api.ConfigException;
import glxc.runtime.api.IdMaps;
import glxc.runtime.cgroup.CgroupLayout;
import glxc.runtime.cgroup.Translation;
import glxc.runtime.config.ConfigKeys;
import glxc.runtime.template.Templates;
import groovy.lang.MissingMethodException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words a container { } block may use (job-dsl's context model: a plain class that records values).
 * Each word becomes LXC config lines: cgroup settings under the name the host's controller uses (v1
 * lxc.cgroup.* or v2 lxc.cgroup2.*), networks as lxc.net.N blocks, mounts as lxc.mount.entry lines.
 */
public class ContainerContext {
    private static volatile CgroupLayout layout;

    private final String name;
    private String template;
    private final List<String> templateArgs = new ArrayList<>();
    private final List<ContainerSpec.Setting> settings = new ArrayList<>();
    private final List<String> command = new ArrayList<>();
    private final List<String> dependsOn = new ArrayList<>();
    private int nets;
    private int ports;

    ContainerContext(String name) {
        this.name = name;
    }

    /** template "busybox" or template "debian", release: "bookworm" (options become --release bookworm). */
    public void template(Map<String, Object> options, String name) {
        template(name);
        templateArgs.addAll(TemplateArguments.of(options));
    }

    public void template(String name) {
        if (Templates.find(name).isEmpty()) throw new IllegalArgumentException(Templates.notFound(name));
        this.template = name;
    }

    /** from image("webapp") — the container stands on the image's layers (shared, copy-on-write) with its settings. */
    public void from(ImageBlock.Base base) {
        if (!base.kind().equals("image")) throw new IllegalArgumentException("from takes image(\"NAME\") in a container (template \"NAME\" names a template)");
        this.template = "image:" + base.name();
    }

    public void hostname(String hostname) {
        add("lxc.uts.name", hostname);
    }

    /** The command of an application container: the shim is its init, as with lxc-execute. */
    public void command(String... argv) {
        command.clear();
        command.addAll(List.of(argv));
    }

    /** env APP_ENV: "prod", DEBUG: "1" */
    public void env(Map<String, Object> vars) {
        vars.forEach((k, v) -> add("lxc.environment", k + "=" + v));
    }

    /** cpu shares: 512 (1024 is the default weight), quota: 50000, period: 100000 (µs), cores: "0-1" */
    public void cpu(Map<String, Object> o) {
        check("cpu", o);
        if (o.containsKey("shares")) cgroup("cpu", "cpu.shares", str(o.get("shares")));
        if (o.containsKey("quota") || o.containsKey("period")) {
            String quota = o.containsKey("quota") ? str(o.get("quota")) : "-1", period = o.containsKey("period") ? str(o.get("period")) : "100000";
            if (v1("cpu")) {
                add("lxc.cgroup.cpu.cfs_period_us", period);
                add("lxc.cgroup.cpu.cfs_quota_us", quota);
            } else {
                add("lxc.cgroup2.cpu.max", (quota.equals("-1") ? "max" : quota) + " " + period);
            }
        }
        if (o.containsKey("cores")) cgroup("cpuset", "cpuset.cpus", str(o.get("cores")));
    }

    /** memory limit: "256M", swap: "512M" (swap on top of the limit), reservation: "128M" */
    public void memory(Map<String, Object> o) {
        check("memory", o);
        if (o.containsKey("limit")) cgroup("memory", "memory.limit_in_bytes", str(o.get("limit")));
        if (o.containsKey("reservation")) cgroup("memory", "memory.soft_limit_in_bytes", str(o.get("reservation")));
        if (o.containsKey("swap")) {
            String swap = str(o.get("swap"));
            if (v1("memory")) {
                if (!o.containsKey("limit")) throw new IllegalArgumentException("memory swap: on cgroup v1 needs a limit: as well (memsw counts both)");
                add("lxc.cgroup.memory.memsw.limit_in_bytes", Long.toString(Translation.number(str(o.get("limit"))) + Translation.number(swap)));
            } else {
                add("lxc.cgroup2.memory.swap.max", swap);
            }
        }
    }

    /** pids max: 100 */
    public void pids(Map<String, Object> o) {
        check("pids", o);
        if (o.containsKey("max")) cgroup("pids", "pids.max", str(o.get("max")));
    }

    /**
     * net bridge: "glxcbr0", ipv4: "10.213.3.20/24" — one interface per call (eth0, eth1, ...), up, a veth
     * unless type: says otherwise; with a bridge and an address the gateway is the bridge's unless given.
     */
    public void net(Map<String, Object> o) {
        check("net", o);
        String p = "lxc.net." + nets++ + ".";
        String link = o.containsKey("bridge") ? str(o.get("bridge")) : o.containsKey("link") ? str(o.get("link")) : null;
        add(p + "type", o.containsKey("type") ? str(o.get("type")) : "veth");
        if (link != null) add(p + "link", link);
        if (o.containsKey("name")) add(p + "name", str(o.get("name")));
        if (o.containsKey("hwaddr")) add(p + "hwaddr", str(o.get("hwaddr")));
        if (o.containsKey("mtu")) add(p + "mtu", str(o.get("mtu")));
        add(p + "flags", "up");
        if (o.containsKey("ipv4")) {
            add(p + "ipv4.address", str(o.get("ipv4")));
            if (o.containsKey("gateway")) add(p + "ipv4.gateway", str(o.get("gateway")));
            else if (o.containsKey("bridge")) add(p + "ipv4.gateway", "auto");
        } else if (o.containsKey("gateway")) {
            add(p + "ipv4.gateway", str(o.get("gateway")));
        }
        if (o.containsKey("ipv6")) add(p + "ipv6.address", str(o.get("ipv6")));
    }

    /** mount "/srv/site", at: "/var/www", readonly: true — a bind mount from the host. */
    public void mount(Map<String, Object> o, String source) {
        check("mount", o);
        if (!source.startsWith("/")) throw new IllegalArgumentException("mount: the host path must be absolute, found '" + source + "'");
        Object at = o.get("at");
        if (at == null) throw new IllegalArgumentException("mount \"" + source + "\" needs at: (where it appears inside)");
        String target = str(at).replaceFirst("^/+", "");
        if (target.isEmpty() || List.of(target.split("/")).contains("..")) throw new IllegalArgumentException("mount at: '" + at + "' must be a path inside the container");
        String create = o.containsKey("create") ? str(o.get("create")) : Files.isRegularFile(Path.of(source)) ? "file" : "dir";
        StringBuilder options = new StringBuilder("bind,create=" + create);
        if (Boolean.TRUE.equals(o.get("readonly"))) options.append(",ro");
        if (o.containsKey("options")) options.append(',').append(str(o.get("options")));
        add("lxc.mount.entry", source + " " + target + " none " + options + " 0 0");
    }

    /** port "8080:80", "5353:53/udp" — forwards from the host, as docker -p */
    public void port(String... forwards) {
        for (String f : forwards) add("glxc.port." + ports++, f);
    }

    /** dependsOn "db" — started after it (and stopped before it by down). */
    public void dependsOn(String... names) {
        dependsOn.addAll(List.of(names));
    }

    /** autostart delay: 5, order: 10, group: "web" — started by glxc autostart (LXC's lxc.start.* keys). */
    public void autostart(Map<String, Object> o) {
        check("autostart", o);
        add("lxc.start.auto", "1");
        if (o.containsKey("delay")) add("lxc.start.delay", str(o.get("delay")));
        if (o.containsKey("order")) add("lxc.start.order", str(o.get("order")));
        if (o.containsKey("group")) add("lxc.group", str(o.get("group")));
    }

    public void autostart(boolean on) {
        add("lxc.start.auto", on ? "1" : "0");
    }

    /** unprivileged true — root inside is an unprivileged id range outside (/etc/subuid's, else 100000+65536). */
    public void unprivileged(boolean on) {
        if (!on) return;
        for (String d : IdMaps.forCurrentUser().definitions()) add("lxc.idmap", d.substring(d.indexOf('=') + 1));
    }

    /** Any LXC key the DSL has no word for: set "lxc.tty.max", 2 (raw is the same word). */
    public void set(String key, Object value) {
        add(key, str(value));
    }

    public void raw(String key, Object value) {
        set(key, value);
    }

    public Object methodMissing(String method, Object args) {
        throw new MissingMethodException(method, ContainerContext.class, (Object[]) args);
    }

    private void add(String key, String value) {
        try {
            ConfigKeys.require(key, value, null, 0);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        settings.add(new ContainerSpec.Setting(key, value));
    }

    private void cgroup(String controller, String v1File, String value) {
        if (v1(controller)) {
            add("lxc.cgroup." + v1File, value);
            return;
        }
        for (Translation.Write w : Translation.translate(v1File, value, 2)) add("lxc.cgroup2." + w.file(), w.value());
    }

    private static boolean v1(String controller) {
        CgroupLayout l = layout;
        if (l == null) layout = l = CgroupLayout.detect();
        return l.withController(controller) != null;
    }

    private static void check(String word, Map<String, Object> options) {
        Set<String> known = Vocabulary.CONTAINER.get(word);
        for (String k : options.keySet())
            if (!known.contains(k))
                throw new IllegalArgumentException("unknown setting '" + k + "' in " + word + Vocabulary.suggestion(k, known));
    }

    private static String str(Object o) {
        return String.valueOf(o);
    }

    ContainerSpec spec(String source) {
        if (template == null && settings.stream().noneMatch(s -> s.key().equals("lxc.rootfs.path")))
            throw new IllegalArgumentException("container '" + name + "' needs a template (template \"busybox\") or an lxc.rootfs.path");
        return new ContainerSpec(name, template, templateArgs, settings, command, dependsOn, source);
    }
}
