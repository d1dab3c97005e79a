package glxc.runtime.net;

import glxc.runtime.api.ConfigException;
import glxc.runtime.config.ConfigLine;
import glxc.runtime.config.ContainerConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One lxc.net.N block of a container's config, parsed (the values were checked when the config was read). */
public record NetDevice(int index, String type, String link, String name, String hwaddr, int mtu, boolean up,
                        List<Cidr> ipv4, List<String> ipv4Broadcasts, String ipv4Gateway, List<Cidr> ipv6, String ipv6Gateway,
                        String vethPair, List<Cidr> vethRoutes, String macvlanMode, int vlanId, ConfigLine typeLine,
                        Map<String, ConfigLine> keyLines) {

    private static final Pattern KEY = Pattern.compile("lxc\\.net\\.(\\d+)\\.(.+)");

    /** Interfaces that need a namespace of their own made by glxc (everything but empty and none). */
    public boolean needsSetup() {
        return !type.equals("empty") && !type.equals("none");
    }

    /** The line that set lxc.net.N.SUFFIX last (the type's line when the key is unset), for errors that point at it. */
    public ConfigLine line(String suffix) {
        return keyLines.getOrDefault(suffix, typeLine);
    }

    /** The name inside the container: lxc.net.N.name, or ethN as LXC names them. */
    public String nameInside() {
        return name != null ? name : "eth" + index;
    }

    public static List<NetDevice> of(ContainerConfig config) {
        TreeSet<Integer> indexes = new TreeSet<>();
        for (ConfigLine l : config.entries()) {
            Matcher m = KEY.matcher(l.key());
            if (m.matches()) indexes.add(Integer.parseInt(m.group(1)));
        }
        List<NetDevice> out = new ArrayList<>();
        for (int i : indexes) out.add(parse(config, i));
        return out;
    }

    private static NetDevice parse(ContainerConfig c, int i) {
        String p = "lxc.net." + i + ".";
        List<ConfigLine> typeLines = c.lines(p + "type");
        if (typeLines.isEmpty()) {
            ConfigLine any = c.entries().stream().filter(l -> l.key().startsWith(p)).findFirst().orElseThrow();
            throw new ConfigException(any.file(), any.line(), p + "type", "network " + i + " has settings but no type");
        }
        List<Cidr> v4 = new ArrayList<>();
        List<String> broadcasts = new ArrayList<>();
        for (String v : c.getAll(p + "ipv4.address")) {
            String[] words = v.trim().split("\\s+");
            v4.add(Cidr.parse(words[0]));
            broadcasts.add(words.length > 1 ? words[1] : null);
        }
        List<Cidr> v6 = c.getAll(p + "ipv6.address").stream().map(Cidr::parse).toList();
        List<Cidr> routes = new ArrayList<>();
        for (String v : c.getAll(p + "veth.ipv4.route")) routes.add(Cidr.parse(v));
        for (String v : c.getAll(p + "veth.ipv6.route")) routes.add(Cidr.parse(v));
        Optional<String> mtu = c.get(p + "mtu");
        Map<String, ConfigLine> keyLines = new HashMap<>();
        for (ConfigLine l : c.entries()) if (l.key().startsWith(p)) keyLines.put(l.key().substring(p.length()), l);
        return new NetDevice(i, typeLines.get(typeLines.size() - 1).value(), c.get(p + "link").orElse(null), c.get(p + "name").orElse(null),
                c.get(p + "hwaddr").orElse(null), mtu.map(Integer::parseInt).orElse(0), c.get(p + "flags").map(f -> f.contains("up")).orElse(false),
                v4, broadcasts, c.get(p + "ipv4.gateway").orElse(null), v6, c.get(p + "ipv6.gateway").orElse(null),
                c.get(p + "veth.pair").orElse(null), routes, c.get(p + "macvlan.mode").orElse("private"),
                c.get(p + "vlan.id").map(Integer::parseInt).orElse(-1), typeLines.get(typeLines.size() - 1), keyLines);
    }
}
