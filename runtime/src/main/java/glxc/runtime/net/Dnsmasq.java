package glxc.runtime.net;

import glxc.runtime.api.GlxcException;
import glxc.runtime.kernel.Processes;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The dnsmasq of one glxc network, as lxc-net runs it: DHCP and DNS on the bridge's address only,
 * leases and pid file in the network's folder. Containers find each other by name: DHCP clients by the
 * hostname they send, containers with static addresses through the hosts file glxc keeps beside (and
 * their addresses are reserved for their MAC in dhcp-hosts, so DHCP never hands them to another).
 */
final class Dnsmasq {
    private final ManagedNetwork network;
    private final Path dir;

    Dnsmasq(ManagedNetwork network, Path dir) {
        this.network = network;
        this.dir = dir;
    }

    Path pidFile() { return dir.resolve("dnsmasq.pid"); }
    Path leases() { return dir.resolve("dnsmasq.leases"); }
    /** Read again on SIGHUP, after dnsmasq dropped to nobody: so in a world-readable folder, not in the store. */
    Path hosts() { return runDir().resolve("hosts"); }
    Path dhcpHosts() { return runDir().resolve("dhcp-hosts"); }
    /** What containers on the network bind over /etc/resolv.conf (readable from an unprivileged container too). */
    Path resolvConf() { return runDir().resolve("resolv.conf"); }

    Path runDir() { return Path.of("/run/glxc/networks", network.name()); }

    void start() {
        Path program = HostPrograms.find("dnsmasq", "dnsmasq-base", "a network with --dhcp");
        try {
            Files.createDirectories(runDir());
            for (Path p = runDir(); !p.equals(Path.of("/run")); p = p.getParent())
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (!Files.exists(hosts())) Files.writeString(hosts(), "");
            Files.writeString(resolvConf(), "# written by glxc: the DNS of network " + network.name() + "\nnameserver "
                    + network.ipv4().address().getHostAddress() + "\n");
            if (!Files.exists(dhcpHosts())) Files.writeString(dhcpHosts(), "");
        } catch (IOException e) {
            throw new GlxcException("cannot write " + hosts() + ": " + e.getMessage(), e);
        }
        HostPrograms.Result r = HostPrograms.run(HostPrograms.command(program,
                "--conf-file=/dev/null", "--strict-order", "--domain-needed", "--bind-interfaces", "--except-interface=lo",
                "--interface=" + network.name(), "--listen-address=" + network.ipv4().address().getHostAddress(),
                "--dhcp-range=" + network.dhcpRange() + ",infinite", "--dhcp-no-override", "--dhcp-authoritative", "--no-ping",
                "--dhcp-leasefile=" + leases(), "--pid-file=" + pidFile(), "--addn-hosts=" + hosts(), "--dhcp-hostsfile=" + dhcpHosts()), null);
        if (r.exit() != 0) throw new GlxcException("dnsmasq did not start on " + network.name() + ": " + r.err());
        awaitAnswering();
    }

    /**
     * dnsmasq's parent returns before the daemon leaves its start-up, during which it ignores SIGHUP (a
     * reload sent then would be lost): the daemon is ready once it answers a DNS query.
     */
    private void awaitAnswering() {
        byte[] query = {0x67, 0x6c, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 4, 'g', 'l', 'x', 'c', 0, 0, 1, 0, 1};
        long deadline = System.currentTimeMillis() + 5000;
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(50);
            InetSocketAddress server = new InetSocketAddress(network.ipv4().address(), 53);
            while (System.currentTimeMillis() < deadline) {
                socket.send(new DatagramPacket(query, query.length, server));
                try {
                    socket.receive(new DatagramPacket(new byte[512], 512));
                    return;
                } catch (SocketTimeoutException e) {
                    // not yet
                }
            }
        } catch (IOException e) {
            throw new GlxcException("cannot reach the dnsmasq of " + network.name() + ": " + e.getMessage(), e);
        }
        throw new GlxcException("the dnsmasq of " + network.name() + " does not answer on " + network.ipv4().address().getHostAddress() + ":53");
    }

    Optional<Integer> pid() {
        try {
            int pid = Integer.parseInt(Files.readString(pidFile()).trim());
            String cmdline = Files.readString(Path.of("/proc", Integer.toString(pid), "cmdline"));
            return cmdline.contains(pidFile().toString()) ? Optional.of(pid) : Optional.empty();   // a reused pid is not ours
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    boolean running() {
        return pid().isPresent();
    }

    /** Makes dnsmasq re-read the hosts file. */
    void reload() {
        pid().ifPresent(p -> Processes.signal(p, Processes.startTime(p), 1));
    }

    void stop() {
        Optional<Integer> pid = pid();
        if (pid.isEmpty()) return;
        long start = Processes.startTime(pid.get());
        Processes.signal(pid.get(), start, 15);
        if (!Processes.awaitExit(pid.get(), start, 5000)) {
            Processes.signal(pid.get(), start, 9);
            Processes.awaitExit(pid.get(), start, 5000);
        }
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            // dnsmasq is gone, which is what matters
        }
    }

    /** The files of a network that is going away. */
    void removeFiles() {
        try {
            Files.deleteIfExists(hosts());
            Files.deleteIfExists(dhcpHosts());
            Files.deleteIfExists(resolvConf());
            Files.deleteIfExists(runDir().resolve(".lock"));
            Files.deleteIfExists(runDir());
        } catch (IOException e) {
            throw new GlxcException("cannot remove " + runDir() + ": " + e.getMessage(), e);
        }
    }
}
