package glxc.runtime.net;

import glxc.runtime.config.ContainerConfig;

import java.net.InetAddress;
import java.util.List;

/**
 * A port forward as docker -p writes it: [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|/udp] (tcp when unsaid).
 * hostAddress is null for every address of the host.
 */
public record PortForward(InetAddress hostAddress, int hostPort, int containerPort, String protocol) {

    public static PortForward parse(String text) {
        String t = text.trim();
        String proto = "tcp";
        int slash = t.lastIndexOf('/');
        if (slash >= 0) {
            proto = t.substring(slash + 1);
            t = t.substring(0, slash);
            if (!proto.equals("tcp") && !proto.equals("udp")) throw new IllegalArgumentException("unknown protocol '" + proto + "' in '" + text + "' (tcp or udp)");
        }
        String[] parts = t.split(":");
        if (parts.length != 2 && parts.length != 3) throw new IllegalArgumentException("expected [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp], found '" + text + "'");
        InetAddress host = parts.length == 3 ? Cidr.address(parts[0]) : null;
        if (host != null && host.getAddress().length != 4) throw new IllegalArgumentException("port forwards take an IPv4 host address, found '" + parts[0] + "'");
        return new PortForward(host, port(parts[parts.length - 2], text), port(parts[parts.length - 1], text), proto);
    }

    private static int port(String p, String text) {
        try {
            int n = Integer.parseInt(p);
            if (n >= 1 && n <= 65535) return n;
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("invalid port '" + p + "' in '" + text + "' (1..65535)");
    }

    /** A container's forwards, from its glxc.port.N keys. */
    public static List<PortForward> of(ContainerConfig config) {
        return config.portLines().values().stream().map(l -> parse(l.value())).toList();
    }

    @Override
    public String toString() {
        return (hostAddress != null ? hostAddress.getHostAddress() + ":" : "") + hostPort + ":" + containerPort + "/" + protocol;
    }
}
