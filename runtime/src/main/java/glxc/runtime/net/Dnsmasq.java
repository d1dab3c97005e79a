package glxc.runtime.net;

import glxc.runtime.api.GlxcException;
import glxc.runtime.kernel.Processes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The dnsmasq of one glxc network, as lxc-net runs it: DHCP and DNS on the bridge's address only,
 * leases and pid file in the network's folder. Containers find each other by name: DHCP clients by the
 * hostname they send, containers with static addresses through the hosts file glxc keeps beside.
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
    Path hosts() { return dir.resolve("hosts"); }

    void start() {
        Path program = HostPrograms.find("dnsmasq", "dnsmasq-base", "a network with --dhcp");
        try {
            if (!Files.exists(hosts())) Files.writeString(hosts(), "");
        } catch (IOException e) {
            throw new GlxcException("cannot write " + hosts() + ": " + e.getMessage(), e);
        }
        HostPrograms.Result r = HostPrograms.run(HostPrograms.command(program,
                "--conf-file=/dev/null", "--strict-order", "--domain-needed", "--bind-interfaces", "--except-interface=lo",
                "--interface=" + network.name(), "--listen-address=" + network.ipv4().address().getHostAddress(),
                "--dhcp-range=" + network.dhcpRange() + ",infinite", "--dhcp-no-override", "--dhcp-authoritative", "--no-ping",
                "--dhcp-leasefile=" + leases(), "--pid-file=" + pidFile(), "--addn-hosts=" + hosts()), null);
        if (r.exit() != 0) throw new GlxcException("dnsmasq did not start on " + network.name() + ": " + r.err());
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
}
