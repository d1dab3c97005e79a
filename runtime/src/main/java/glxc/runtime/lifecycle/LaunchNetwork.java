package glxc.runtime.lifecycle;

import glxc.runtime.api.ConfigException;
import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerState;
import glxc.runtime.config.ConfigLine;
import glxc.runtime.net.Cidr;
import glxc.runtime.api.ContainerEvent;
import glxc.runtime.config.ContainerConfig;
import glxc.runtime.config.MountEntry;
import glxc.runtime.net.ManagedNetwork;
import glxc.runtime.net.ContainerNetwork;
import glxc.runtime.net.DhcpService;
import glxc.runtime.net.NetNamespace;
import glxc.runtime.net.HostLinks;
import glxc.runtime.net.NetDevice;
import glxc.runtime.net.Networks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The network part of a start: prepared before the shim runs, handed over to it, undone if the start fails. */
final class LaunchNetwork {
    private final Container c;
    private final ContainerConfig config;
    private final List<NetDevice> devices;
    private ContainerNetwork network;          // null: nothing to prepare (empty or none), or not yet (handshake)
    private final NetworkHandshake handshake;  // an unprivileged container's: its init makes the namespace

    private LaunchNetwork(Container c, ContainerConfig config, List<NetDevice> devices, ContainerNetwork network, NetworkHandshake handshake) {
        this.c = c;
        this.config = config;
        this.devices = devices;
        this.network = network;
        this.handshake = handshake;
    }

    /**
     * A privileged container's namespace is made and configured now, and init is born in it. An
     * unprivileged container's must belong to its user namespace, so init makes it and the JVM
     * configures it during the handshake (serve), before init goes on.
     */
    static LaunchNetwork prepare(Container c, ContainerConfig config) {
        List<NetDevice> devices = NetDevice.of(config);
        if (devices.stream().noneMatch(NetDevice::needsSetup)) return new LaunchNetwork(c, config, devices, null, null);
        Networks networks = Networks.of(c.store().path());
        refuseTakenAddresses(c, devices, networks);
        networks.ensure(devices);
        if (!config.idmaps().isEmpty()) return new LaunchNetwork(c, config, devices, null, NetworkHandshake.listen());
        return new LaunchNetwork(c, config, devices, ContainerNetwork.create(devices, c.paths().dir().toString(), dhcp(c, config, networks)), null);
    }

    private static DhcpService dhcp(Container c, ContainerConfig config, Networks networks) {
        return networks.dhcpFor(config.hostname().orElse(c.name()));
    }

    /** Answers the shim's handshake, if this start has one; returns when it is done or the shim gave up. */
    void serve(Process shim) {
        if (handshake == null) return;
        handshake.serve(shim, pid -> network = ContainerNetwork.into(NetNamespace.ofProcess(pid), devices, c.paths().dir().toString(),
                dhcp(c, config, Networks.of(c.store().path()))));
    }

    /** The socket the shim calls for the handshake, or null. */
    String handshakePath() {
        return handshake == null ? null : handshake.path().toString();
    }

    /**
     * A static address already held on the same bridge (by the bridge itself, or by a running container
     * of this store) would make two hosts answer for it: refused, naming the holder.
     */
    private static void refuseTakenAddresses(Container c, List<NetDevice> devices, Networks networks) {
        for (NetDevice d : devices) {
            if (!d.type().equals("veth") || d.link() == null) continue;
            for (Cidr a : d.ipv4()) {
                Optional<ManagedNetwork> n = networks.find(d.link());
                if (n.isPresent() && n.get().ipv4().address().equals(a.address()))
                    throw addressTaken(d, a, "the bridge " + d.link() + " itself");
                for (Container other : c.store().list()) {
                    if (other.name().equals(c.name()) || other.state() != ContainerState.RUNNING) continue;
                    for (NetDevice o : NetDevice.of(other.config()))
                        if (d.link().equals(o.link()) && o.ipv4().stream().anyMatch(x -> x.address().equals(a.address())))
                            throw addressTaken(d, a, "running container '" + other.name() + "'");
                }
            }
        }
    }

    private static ConfigException addressTaken(NetDevice d, Cidr a, String holder) {
        ConfigLine l = d.line("ipv4.address");
        return new ConfigException(l.file(), l.line(), "lxc.net." + d.index() + ".ipv4.address",
                "address " + a.address().getHostAddress() + " is already used on " + d.link() + " by " + holder);
    }

    /** The path the shim opens to join the namespace, or null when it makes its own (or none). */
    String namespacePath() {
        return network == null ? null : network.namespace().procPath();
    }

    /**
     * On a glxc network with DNS the container resolves names through the bridge's dnsmasq: a generated
     * resolv.conf is bound over /etc/resolv.conf, as Docker does, unless the image keeps its own as a
     * symlink (systemd-resolved and resolvconf manage theirs).
     */
    List<MountEntry> mounts(Path rootfs) {
        if (network == null && handshake == null) return List.of();
        Networks networks = Networks.of(c.store().path());
        Optional<ManagedNetwork> dns = devices.stream().filter(d -> d.type().equals("veth") && d.link() != null)
                .map(d -> networks.find(d.link())).flatMap(Optional::stream).filter(ManagedNetwork::dhcp).findFirst();
        if (dns.isEmpty() || Files.isSymbolicLink(rootfs.resolve("etc/resolv.conf")) || !Files.isDirectory(rootfs.resolve("etc"))) return List.of();
        Path file = networks.resolvConf(dns.get());
        return List.of(MountEntry.parse(file + " etc/resolv.conf none bind,ro,create=file 0 0"));
    }

    /** The shim holds the namespace now: record the host-side links and forward the container's ports. */
    void handedOver() {
        try {   // the container runs now: what cannot be recorded or forwarded is a warning, not a failed start
            if (network != null) HostLinks.write(c.paths().network(), network.hostLinks(), network.physDevices(), network.addresses());
            if (network == null && config.portLines().isEmpty()) return;
            Networks.of(c.store().path()).containerStarted(c.name(), config, devices, network == null ? List.of() : network.addresses(), network == null ? Map.of() : network.macs());
        } catch (RuntimeException e) {
            c.store().emit(new ContainerEvent.Warning(c.name(), e.getMessage()));
        }
    }

    void undo() {
        if (network != null) network.undo();
        if (handshake != null) handshake.close();
    }

    void close() {
        if (network != null) network.close();
        if (handshake != null) handshake.close();
    }

    /**
     * After a foreground run: this run's own veth ends, those with names glxc made up (a fixed veth.pair
     * may already belong to a start that came after; the kernel removes this run's, and that start removes
     * stale ones under the lock).
     */
    void removeHostLinks() {
        if (network != null) HostLinks.removeOwn(c.paths().network(), network.generatedHostLinks());
        if (!config.portLines().isEmpty()) {
            try {
                Networks.of(c.store().path()).unforward(c.name());   // its address may be handed to another container
            } catch (RuntimeException e) {
                c.store().emit(new ContainerEvent.Warning(c.name(), "cannot remove its port forwards: " + e.getMessage()));
            }
        }
    }

    /** Links a container that stopped on its own left to the kernel's clean-up (a reused veth.pair name needs them gone). */
    static void removeStale(Container c) {
        HostLinks.remove(c.paths().network());
    }
}
