package glxc.runtime.net;

import glxc.runtime.api.GlxcException;
import glxc.runtime.config.ConfigKeys;
import glxc.runtime.config.ContainerConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The networks a store manages (glxc network create/delete/ls) and what containers need from them:
 * a DHCP lease, a name in DNS, NAT and port forwards. A network's bridge, rules and dnsmasq are made
 * again at the next container start if the host lost them (after a reboot, as lxc-net does at boot).
 */
public final class Networks {
    private static final String FOLDER = ".glxc-networks";
    private final Path root;
    private final String storeTag;

    private Networks(Path store) {
        this.root = store.resolve(FOLDER);
        this.storeTag = Integer.toHexString(store.toAbsolutePath().normalize().toString().hashCode());
    }

    public static Networks of(Path store) {
        return new Networks(store);
    }

    public record Status(ManagedNetwork network, boolean bridgeUp, boolean dnsmasqRunning, int attached) {}

    private Path dir(String name) {
        return root.resolve(name);
    }

    public Optional<ManagedNetwork> find(String name) {
        Path f = dir(name).resolve("network");
        return Files.isRegularFile(f) ? Optional.of(ManagedNetwork.read(f)) : Optional.empty();
    }

    public List<ManagedNetwork> list() {
        if (!Files.isDirectory(root)) return List.of();
        List<ManagedNetwork> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.sorted().toList()) if (Files.isRegularFile(d.resolve("network"))) out.add(ManagedNetwork.read(d.resolve("network")));
        } catch (IOException e) {
            throw new GlxcException("cannot list " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    public List<Status> status() {
        List<Status> out = new ArrayList<>();
        try (Rtnetlink host = Rtnetlink.here()) {
            List<Link> links = host.links();
            for (ManagedNetwork n : list()) {
                Optional<Link> bridge = links.stream().filter(l -> l.name().equals(n.name())).findFirst();
                int attached = bridge.map(b -> (int) links.stream().filter(l -> l.master() == b.index()).count()).orElse(0);
                out.add(new Status(n, bridge.map(Link::up).orElse(false), n.dhcp() && dnsmasq(n).running(), attached));
            }
        }
        return out;
    }

    /** Makes the bridge with its address, then NAT and dnsmasq if asked; undone entirely on failure. */
    public ManagedNetwork create(String name, String ipv4, boolean nat, boolean dhcp) {
        try {
            ConfigKeys.interfaceName(name);
        } catch (IllegalArgumentException e) {
            throw new GlxcException("network " + name + ": " + e.getMessage());
        }
        Cidr address;
        try {
            address = Cidr.parse(ipv4);
        } catch (IllegalArgumentException e) {
            throw new GlxcException("network " + name + ": --ipv4: " + e.getMessage());
        }
        if (!address.isIpv4() || !ipv4.contains("/")) throw new GlxcException("network " + name + ": --ipv4 wants an IPv4 ADDRESS/PREFIX, found '" + ipv4 + "'");
        if (address.prefix() > 30 || address.address().equals(address.network()) || address.address().equals(address.host(address.size() - 1)))
            throw new GlxcException("network " + name + ": " + ipv4 + " is not a host address of a subnet that has room for containers");
        if (find(name).isPresent()) throw new GlxcException("network " + name + " already exists");
        if (dhcp) HostPrograms.find("dnsmasq", "dnsmasq-base", "a network with --dhcp");
        if (nat) HostPrograms.find("nft", "nftables", "a network with --nat");
        ManagedNetwork n = new ManagedNetwork(name, address, nat, dhcp);
        try (Rtnetlink host = Rtnetlink.here()) {
            if (host.link(name).isPresent()) throw new GlxcException("network " + name + ": an interface named " + name + " already exists on this host");
            for (Address a : host.addresses())
                if (a.isIpv4() && (new Cidr(a.address(), a.prefix()).contains(address.address()) || address.contains(a.address())))
                    throw new GlxcException("network " + name + ": " + address.network().getHostAddress() + "/" + address.prefix()
                            + " overlaps " + a + " already on this host");
        }
        try {
            Files.createDirectories(dir(name));
            Files.writeString(dir(name).resolve("network"), n.text());
            bringUp(n);
            return n;
        } catch (IOException | RuntimeException e) {
            try {
                tearDown(n);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            deleteFolder(name);
            if (e instanceof RuntimeException r) throw r;
            throw new GlxcException("network " + name + ": " + e.getMessage(), e);
        }
    }

    /** Removes the network; refused while interfaces are attached to its bridge unless force. */
    public void delete(String name, boolean force) {
        ManagedNetwork n = find(name).orElseThrow(() -> new GlxcException("network " + name + " does not exist (glxc network ls lists them)"));
        try (Rtnetlink host = Rtnetlink.here()) {
            Optional<Link> bridge = host.link(name);
            if (bridge.isPresent() && !force) {
                List<String> attached = host.links().stream().filter(l -> l.master() == bridge.get().index()).map(Link::name).toList();
                if (!attached.isEmpty())
                    throw new GlxcException("network " + name + " is in use by " + attached.size() + " interface(s) (" + String.join(", ", attached)
                            + "): stop the containers on it first, or use --force");
            }
        }
        tearDown(n);
        deleteFolder(name);
    }

    /**
     * The bridge, its address, NAT and dnsmasq, each only if missing; one at a time per network, across
     * threads and processes (containers on it may start in parallel after a host reboot).
     */
    private void bringUp(ManagedNetwork n) {
        synchronized (Networks.class) {
            try (FileChannel ch = FileChannel.open(dir(n.name()).resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                bringUpLocked(n);
            } catch (IOException e) {
                throw new GlxcException("network " + n.name() + ": cannot lock " + dir(n.name()) + ": " + e.getMessage(), e);
            }
        }
    }

    private void bringUpLocked(ManagedNetwork n) {
        try (Rtnetlink host = Rtnetlink.here()) {
            if (host.link(n.name()).isEmpty()) host.createBridge(n.name());
            Link bridge = host.require(n.name());
            boolean hasAddress = host.addresses().stream().anyMatch(a -> a.index() == bridge.index() && a.address().equals(n.ipv4().address()));
            if (!hasAddress) host.addAddress(bridge.index(), n.ipv4().address(), n.ipv4().prefix(), n.ipv4().host(n.ipv4().size() - 1));
            if (!bridge.up()) host.setUp(bridge.index(), true);
        }
        if (n.nat()) {
            Sysctl.enableForwarding();
            Nft.replace(natOwner(n), List.of(new Nft.Rule("postrouting", "ip saddr " + n.subnet() + " ip daddr != " + n.subnet() + " masquerade")));
        }
        if (n.dhcp() && !dnsmasq(n).running()) dnsmasq(n).start();
    }

    private void tearDown(ManagedNetwork n) {
        if (n.dhcp()) {
            dnsmasq(n).stop();
            dnsmasq(n).removeFiles();
        }
        if (n.nat()) Nft.replace(natOwner(n), List.of());
        try (Rtnetlink host = Rtnetlink.here()) {
            host.link(n.name()).filter(l -> l.kind().equals("bridge")).ifPresent(l -> host.delete(l.index(), n.name()));
        }
    }

    private void deleteFolder(String name) {
        try (Stream<Path> files = Files.exists(dir(name)) ? Files.list(dir(name)) : Stream.empty()) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(dir(name));
            try (Stream<Path> left = Files.exists(root) ? Files.list(root) : Stream.empty()) {
                if (left.findAny().isEmpty()) Files.deleteIfExists(root);
            }
        } catch (IOException e) {
            throw new GlxcException("cannot remove " + dir(name) + ": " + e.getMessage(), e);
        }
    }

    private Dnsmasq dnsmasq(ManagedNetwork n) {
        return new Dnsmasq(n, dir(n.name()));
    }

    private String natOwner(ManagedNetwork n) {
        return "glxc nat " + n.name();
    }

    private String portOwner(String container) {
        return "glxc ports " + container + "@" + storeTag;
    }

    /** The resolv.conf that points at a DHCP network's dnsmasq (it exists while the network is up). */
    public Path resolvConf(ManagedNetwork n) {
        return dnsmasq(n).resolvConf();
    }

    /** Before a container starts: its glxc networks exist again (made anew if the host lost them). */
    public void ensure(List<NetDevice> devices) {
        for (NetDevice d : devices)
            if (d.type().equals("veth") && d.link() != null) find(d.link()).ifPresent(this::bringUp);
    }

    /** DHCP from glxc networks, for a container that sends hostname. */
    public DhcpService dhcpFor(String hostname) {
        return new DhcpService() {
            @Override
            public boolean serves(String bridge) {
                return find(bridge).map(ManagedNetwork::dhcp).orElse(false);
            }

            @Override
            public Dhcp.Lease lease(String bridge, String interfaceName, String mac) {
                InetAddress server = find(bridge).map(n -> n.ipv4().address()).orElse(null);
                return Dhcp.acquire(interfaceName, MacAddress.parse(mac), hostname, server, 10_000);
            }
        };
    }

    /** After a start: static addresses on DHCP networks become names in DNS; glxc.port keys become forwards. */
    public void containerStarted(String container, ContainerConfig config, List<NetDevice> devices, List<Address> addresses, Map<Integer, String> macs) {
        for (NetDevice d : devices) {
            if (!d.type().equals("veth") || d.link() == null || d.ipv4().isEmpty()) continue;
            find(d.link()).filter(ManagedNetwork::dhcp).ifPresent(n -> publishName(n, container, d.ipv4().get(0), macs.get(d.index())));
        }
        List<PortForward> ports = PortForward.of(config);
        if (ports.isEmpty()) return;
        Optional<Address> target = addresses.stream().filter(Address::isIpv4).findFirst();
        if (target.isEmpty()) throw new GlxcException("container " + container + " has port forwards but no IPv4 address to forward to");
        forward(container, ports, target.get().text());
    }

    /** Installs exactly these forwards for the container (replacing what it had). */
    public void forward(String container, List<PortForward> ports, String containerAddress) {
        List<Nft.Rule> rules = new ArrayList<>();
        for (PortForward p : ports) {
            String match = (p.hostAddress() != null ? "ip daddr " + p.hostAddress().getHostAddress() : "fib daddr type local")
                    + " " + p.protocol() + " dport " + p.hostPort();
            String dnat = "dnat to " + containerAddress + ":" + p.containerPort();
            rules.add(new Nft.Rule("prerouting", match + " " + dnat));
            rules.add(new Nft.Rule("output", match + " " + dnat));
        }
        if (!rules.isEmpty()) Sysctl.enableForwarding();
        Nft.replace(portOwner(container), rules);
    }

    /** A destroyed container's name leaves the DNS of every DHCP network of the store, and its address reservation too. */
    public void containerDestroyed(String container) {
        for (ManagedNetwork n : list()) {
            if (!n.dhcp()) continue;
            Dnsmasq d = dnsmasq(n);
            if (!Files.exists(d.hosts())) continue;
            removeLine(d.hosts(), " " + container);
            removeLine(d.dhcpHosts(), "," + container);
            d.reload();
        }
    }

    private static synchronized void removeLine(Path file, String suffix) {
        try (FileChannel ch = FileChannel.open(file.resolveSibling(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            if (!Files.exists(file)) return;
            List<String> kept = Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.endsWith(suffix)).toList();
            Files.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
        } catch (IOException e) {
            throw new GlxcException("cannot update " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes a container's forwards (when it stops or is destroyed). */
    public void unforward(String container) {
        if (hasPortRules(container)) Nft.replace(portOwner(container), List.of());
    }

    private boolean hasPortRules(String container) {
        try {
            HostPrograms.find("nft", "nftables", "port forwarding");
        } catch (GlxcException e) {
            return false;
        }
        return Nft.owners().contains(portOwner(container));
    }

    private void publishName(ManagedNetwork n, String container, Cidr address, String mac) {
        Dnsmasq d = dnsmasq(n);
        String ip = address.address().getHostAddress();
        replaceLine(d.hosts(), " " + container, ip + " " + container);
        if (mac != null) replaceLine(d.dhcpHosts(), "," + container, mac + "," + ip + "," + container);
        d.reload();
    }

    /**
     * Keeps one line per container in a dnsmasq file (the line ending with suffix is replaced); containers
     * starting at once (apply starts a level in parallel, from this JVM or several) take turns.
     */
    private static synchronized void replaceLine(Path file, String suffix, String line) {
        try (FileChannel ch = FileChannel.open(file.resolveSibling(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            List<String> lines = new ArrayList<>();
            if (Files.exists(file)) for (String l : Files.readAllLines(file)) if (!l.isBlank() && !l.endsWith(suffix)) lines.add(l);
            lines.add(line);
            Files.writeString(file, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new GlxcException("cannot update " + file + ": " + e.getMessage(), e);
        }
    }
}
