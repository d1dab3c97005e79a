package glxc.runtime.net;

import glxc.runtime.api.ConfigException;
import glxc.runtime.api.GlxcException;
import glxc.runtime.config.ConfigLine;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's network, made before its init is cloned: a new namespace with lo up and every
 * lxc.net.N interface in it, named, addressed and routed. The shim joins the namespace when it clones
 * init (so init starts with its network ready) and holds it for the container's life: when the last
 * holder goes, the kernel removes the namespace and with it the container's veth ends.
 * Any failure undoes everything made so far.
 */
public final class ContainerNetwork implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final NetNamespace namespace;
    private final List<HostLinks.Veth> hostLinks = new ArrayList<>();
    private final List<String> generatedNames = new ArrayList<>();
    private final List<HostLinks.Phys> physRecords = new ArrayList<>();
    private final List<String[]> movedPhys = new ArrayList<>();   // {name inside, host name}
    private final List<Address> addresses = new ArrayList<>();
    private final Map<Integer, String> macs = new HashMap<>();

    private ContainerNetwork(NetNamespace namespace) {
        this.namespace = namespace;
    }

    public NetNamespace namespace() { return namespace; }

    /** Host-side interfaces made for the container (veth ends), removed when it stops. */
    public List<HostLinks.Veth> hostLinks() { return List.copyOf(hostLinks); }

    /** The host-side veth ends whose names glxc made up (no later start can reuse them, unlike a fixed veth.pair). */
    public List<HostLinks.Veth> generatedHostLinks() {
        return hostLinks.stream().filter(v -> generatedNames.contains(v.name())).toList();
    }

    /** The phys devices moved in, as they are inside (index and MAC), to be returned at stop. */
    public List<HostLinks.Phys> physDevices() { return List.copyOf(physRecords); }

    /** The MAC address of each lxc.net.N interface, by N. */
    public Map<Integer, String> macs() { return Map.copyOf(macs); }

    /** The addresses the container got, DHCP ones included. */
    public List<Address> addresses() { return List.copyOf(addresses); }

    /**
     * Builds the namespace for devices that need one (see NetDevice.needsSetup); macSeed makes the
     * MAC of an interface without hwaddr stable across starts (so DHCP hands it the same lease).
     */
    public static ContainerNetwork create(List<NetDevice> devices, String macSeed, DhcpService dhcp) {
        return build(NetNamespace.create(), devices, macSeed, dhcp);
    }

    /** The same, in a namespace that exists (an unprivileged container's, which its init made); takes ns over. */
    public static ContainerNetwork into(NetNamespace ns, List<NetDevice> devices, String macSeed, DhcpService dhcp) {
        return build(ns, devices, macSeed, dhcp);
    }

    private static ContainerNetwork build(NetNamespace ns, List<NetDevice> devices, String macSeed, DhcpService dhcp) {
        ContainerNetwork n = new ContainerNetwork(ns);
        try (Rtnetlink host = Rtnetlink.here(); Rtnetlink inside = Rtnetlink.in(n.namespace)) {
            inside.setUp(inside.require("lo").index(), true);
            ns.inside(Sysctl::allowPing);
            for (NetDevice d : devices) if (d.needsSetup()) n.makeDevice(host, d, macSeed);
            for (NetDevice d : devices) if (d.needsSetup()) n.configureInside(host, inside, d, dhcp);
            return n;
        } catch (RuntimeException e) {
            n.undo();
            throw e;
        }
    }

    private void makeDevice(Rtnetlink host, NetDevice d, String macSeed) {
        String inside = d.nameInside();
        byte[] mac = d.hwaddr() != null ? MacAddress.parse(d.hwaddr().contains("x") ? MacAddress.fill(d.hwaddr()) : d.hwaddr()) : null;
        switch (d.type()) {
            case "veth" -> {
                Link bridge = d.link() == null ? null : host.link(d.link()).orElseThrow(() -> configError(d, "link",
                        "bridge '" + d.link() + "' does not exist (create it with 'glxc network create " + d.link() + " --ipv4 ADDRESS/PREFIX')"));
                if (bridge != null && !bridge.kind().equals("bridge") && !bridge.kind().equals("openvswitch"))
                    throw configError(d, "link", "'" + d.link() + "' is not a bridge (it is " + (bridge.kind().isEmpty() ? "a plain interface" : "a " + bridge.kind()) + ")");
                String hostName = d.vethPair() != null ? d.vethPair() : randomName();
                if (d.vethPair() == null) generatedNames.add(hostName);
                int mtu = d.mtu() > 0 ? d.mtu() : bridge != null ? bridge.mtu() : 0;
                host.createVeth(hostName, inside, namespace, mac != null ? mac : MacAddress.derived(macSeed + "/" + d.index()), mtu);
                int index = host.require(hostName).index();
                hostLinks.add(new HostLinks.Veth(hostName, index));
                if (bridge != null) host.setMaster(index, bridge.index());
                host.setUp(index, true);
                for (Cidr r : d.vethRoutes()) host.addRoute(r.network(), r.prefix(), null, index);
            }
            case "macvlan", "vlan" -> {
                Link parent = host.link(d.link()).orElseThrow(() -> configError(d, "link", "host interface '" + d.link() + "' does not exist"));
                int arg = d.type().equals("vlan") ? requireVlanId(d) : macvlanMode(d.macvlanMode());
                host.createStacked(d.type(), inside, parent.index(), namespace, mac, d.mtu(), arg);
            }
            case "phys" -> {
                Link dev = host.link(d.link()).orElseThrow(() -> configError(d, "link", "host interface '" + d.link() + "' does not exist"));
                host.moveTo(dev.index(), namespace, inside);
                movedPhys.add(new String[]{inside, d.link()});
            }
            default -> throw configError(d, "type", "network type '" + d.type() + "' cannot be set up");
        }
    }

    private void configureInside(Rtnetlink host, Rtnetlink inside, NetDevice d, DhcpService dhcp) {
        Link l = inside.require(d.nameInside());
        macs.put(d.index(), l.mac());
        if (d.type().equals("phys")) {
            String mac = l.mac();
            if (d.hwaddr() != null) {
                byte[] m = MacAddress.parse(d.hwaddr().contains("x") ? MacAddress.fill(d.hwaddr()) : d.hwaddr());
                inside.setMac(l.index(), m);
                mac = MacAddress.format(m);
            }
            if (d.mtu() > 0) inside.setMtu(l.index(), d.mtu());
            physRecords.add(new HostLinks.Phys(d.nameInside(), d.link(), l.index(), mac));
        }
        boolean viaDhcp = d.ipv4().isEmpty() && d.type().equals("veth") && d.link() != null && dhcp != null && dhcp.serves(d.link());
        boolean gateways = d.ipv4Gateway() != null || d.ipv6Gateway() != null;
        if ((gateways || viaDhcp) && !d.up())
            throw configError(d, "flags", (viaDhcp ? "an address by DHCP" : "a gateway") + " needs the interface up: add lxc.net." + d.index() + ".flags = up");
        for (int i = 0; i < d.ipv4().size(); i++) {
            Cidr a = d.ipv4().get(i);
            String b = d.ipv4Broadcasts().get(i);
            inside.addAddress(l.index(), a.address(), a.prefix(), b != null ? Cidr.address(b) : broadcast(a));
            addresses.add(new Address(a.address(), a.prefix(), l.index()));
        }
        for (Cidr a : d.ipv6()) {
            inside.addAddress(l.index(), a.address(), a.prefix(), null);
            addresses.add(new Address(a.address(), a.prefix(), l.index()));
        }
        if (d.up()) inside.setUp(l.index(), true);
        if (viaDhcp) {
            Dhcp.Lease lease = namespace.inside(() -> dhcp.lease(d.link(), d.nameInside(), l.mac()));
            inside.addAddress(l.index(), lease.address().address(), lease.address().prefix(), broadcast(lease.address()));
            addresses.add(new Address(lease.address().address(), lease.address().prefix(), l.index()));
            if (d.ipv4Gateway() == null && lease.router() != null) inside.addRoute(null, 0, lease.router(), l.index());
        }
        gateway(host, inside, d, l, d.ipv4Gateway(), true);
        gateway(host, inside, d, l, d.ipv6Gateway(), false);
    }

    private void gateway(Rtnetlink host, Rtnetlink inside, NetDevice d, Link l, String gw, boolean v4) {
        if (gw == null) return;
        if (gw.equals("dev")) {
            inside.addRoute(v4 ? Cidr.address("0.0.0.0") : Cidr.address("::"), 0, null, l.index());
            return;
        }
        InetAddress via;
        if (gw.equals("auto")) {
            if (d.link() == null || !d.type().equals("veth")) throw configError(d, v4 ? "ipv4.gateway" : "ipv6.gateway", "'auto' takes the address of the bridge, and this network has none");
            int bridge = host.require(d.link()).index();
            via = host.addresses().stream().filter(a -> a.index() == bridge && a.isIpv4() == v4 && !a.address().isLinkLocalAddress())
                    .map(Address::address).findFirst()
                    .orElseThrow(() -> configError(d, v4 ? "ipv4.gateway" : "ipv6.gateway", "'auto' needs an " + (v4 ? "IPv4" : "IPv6") + " address on bridge '" + d.link() + "', which has none"));
        } else {
            via = Cidr.address(gw);
        }
        boolean onLink = (v4 ? d.ipv4() : d.ipv6()).stream().anyMatch(c -> c.contains(via))
                || addresses.stream().anyMatch(a -> a.index() == l.index() && new Cidr(a.address(), a.prefix()).contains(via));
        if (!onLink) inside.addRoute(via, v4 ? 32 : 128, null, l.index());   // LXC's rule: a gateway off the subnet is reached on-link
        inside.addRoute(null, 0, via, l.index());
    }

    private static InetAddress broadcast(Cidr a) {
        if (!a.isIpv4() || a.prefix() >= 31) return null;
        return a.host(a.size() - 1);
    }

    private static int requireVlanId(NetDevice d) {
        if (d.vlanId() < 0) throw configError(d, "vlan.id", "a vlan network needs lxc.net." + d.index() + ".vlan.id");
        return d.vlanId();
    }

    private static int macvlanMode(String mode) {
        return switch (mode) {
            case "vepa" -> 2;
            case "bridge" -> 4;
            case "passthru" -> 8;
            default -> 1;
        };
    }

    private static ConfigException configError(NetDevice d, String key, String message) {
        ConfigLine l = d.line(key);
        return new ConfigException(l.file(), l.line(), "lxc.net." + d.index() + "." + key, message);
    }

    /** glxc + six random characters: 10 bytes, within IFNAMSIZ, and never a name LXC would pick. */
    static String randomName() {
        StringBuilder b = new StringBuilder("glxc");
        for (int i = 0; i < 6; i++) b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        return b.toString();
    }

    /** Removes what was made: host-side veth ends now, physical devices back to the host, then the namespace. */
    public void undo() {
        List<RuntimeException> errors = new ArrayList<>();
        if (!movedPhys.isEmpty()) {
            try (Rtnetlink inside = Rtnetlink.in(namespace); NetNamespace host = NetNamespace.current()) {
                for (String[] p : movedPhys) inside.link(p[0]).ifPresent(l -> inside.moveTo(l.index(), host, p[1]));
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        if (!hostLinks.isEmpty()) {
            try (Rtnetlink host = Rtnetlink.here()) {
                for (HostLinks.Veth v : hostLinks) host.deleteIfPresent(v.name());
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        close();
        if (!errors.isEmpty()) throw new GlxcException("cannot undo the network setup: " + errors.get(0).getMessage(), errors.get(0));
    }

    @Override
    public void close() {
        namespace.close();
    }
}
