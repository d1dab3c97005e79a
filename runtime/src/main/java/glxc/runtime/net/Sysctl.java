package glxc.runtime.net;

import glxc.runtime.api.GlxcException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The network sysctls glxc sets, in the calling thread's namespace (/proc/sys/net is per namespace). */
final class Sysctl {
    private Sysctl() {}

    /**
     * ICMP echo sockets for every group, as Docker and Podman set it in a container's namespace: ping
     * works without CAP_NET_RAW, which application containers do not get. Runs inside the namespace.
     */
    static Void allowPing() {
        Path p = Path.of("/proc/sys/net/ipv4/ping_group_range");
        try {
            Files.writeString(p, "0 2147483647");
        } catch (IOException e) {
            throw new GlxcException("cannot set " + p + " in the container's namespace: " + e.getMessage(), e);
        }
        return null;
    }

    /** NAT and port forwards route between the bridge and other interfaces, as lxc-net enables too. */
    static void enableForwarding() {
        Path p = Path.of("/proc/sys/net/ipv4/ip_forward");
        try {
            if (!Files.readString(p).trim().equals("1")) Files.writeString(p, "1");
        } catch (IOException e) {
            throw new GlxcException("cannot enable IPv4 forwarding (" + p + "): " + e.getMessage(), e);
        }
    }
}
