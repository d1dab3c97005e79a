package glxc.runtime.lifecycle;

import glxc.runtime.storage.RootfsSource;

import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerInfo;
import glxc.runtime.api.ContainerState;
import glxc.runtime.api.ResourceUse;
import glxc.runtime.cgroup.ContainerCgroups;
import glxc.runtime.config.ContainerConfig;
import glxc.runtime.api.GlxcException;
import glxc.runtime.net.Address;
import glxc.runtime.net.Link;
import glxc.runtime.net.NetNamespace;
import glxc.runtime.net.Rtnetlink;
import glxc.runtime.store.ExitState;
import glxc.runtime.store.RunState;
import glxc.runtime.store.StateProbe;

import java.util.ArrayList;
import java.util.List;

/** Gathers lxc-info / lxc-ls figures: state, pid, addresses and link counters seen from init's network namespace, cgroup usage. */
public final class InfoReader {
    private InfoReader() {}

    public static ContainerInfo read(Container c) {
        StateProbe.Probe probe = StateProbe.probe(c.paths());
        ContainerState state = probe.state() == ContainerState.RUNNING && c.cgroups().isFrozen() ? ContainerState.FROZEN : probe.state();
        ContainerConfig config = c.config();
        boolean active = probe.state() != ContainerState.STOPPED && probe.initAlive();
        int pid = active ? probe.run().map(RunState::initPid).orElse(0) : 0;
        ContainerCgroups cg = c.cgroups();
        NetworkView net = pid > 0 ? network(pid) : NetworkView.NONE;
        List<Address> addresses = net.addresses();
        Integer lastExit = probe.state() == ContainerState.STOPPED
                ? ExitState.read(c.paths().exit()).map(ExitState::shellStatus).orElse(null) : null;
        return new ContainerInfo(c.name(), state, pid,
                addresses.stream().filter(Address::isIpv4).map(Address::text).toList(),
                addresses.stream().filter(a -> !a.isIpv4()).map(Address::text).toList(),
                active ? cg.stats() : ResourceUse.NONE, c.configPath(), config.rootfs().orElse(null),
                config.startAuto(), config.groups(), lastExit, probe.run().map(RunState::startedMillis).orElse(0L), net.links(),
                config.rootfsSource().map(RootfsSource::backend).orElse("-"), Snapshots.count(c));
    }

    private record NetworkView(List<Address> addresses, List<ContainerInfo.LinkStats> links) {
        static final NetworkView NONE = new NetworkView(List.of(), List.of());
    }

    /** Addresses (loopback and link-local left out) and interface counters of init's namespace, read through netlink. */
    private static NetworkView network(int pid) {
        try (NetNamespace ns = NetNamespace.ofProcess(pid); Rtnetlink rt = Rtnetlink.in(ns)) {
            List<Address> addresses = rt.addresses().stream().filter(a -> !a.address().isLoopbackAddress() && !a.address().isLinkLocalAddress()).toList();
            List<ContainerInfo.LinkStats> links = new ArrayList<>();
            for (Link l : rt.links()) if (!l.name().equals("lo")) links.add(new ContainerInfo.LinkStats(l.name(), l.rxBytes(), l.txBytes()));
            return new NetworkView(addresses, links);
        } catch (GlxcException e) {
            return NetworkView.NONE;   // init is gone, or we may not look
        }
    }

    public static List<Address> addresses(int pid) {
        return network(pid).addresses();
    }
}
