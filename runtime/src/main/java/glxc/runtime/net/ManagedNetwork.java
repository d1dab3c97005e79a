package glxc.runtime.net;

import glxc.runtime.api.GlxcException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A network glxc manages (like lxc-net's lxcbr0): a bridge with an address, optionally NAT for its
 * subnet and a dnsmasq serving DHCP and DNS on it. Its definition lives in the store, in
 * .glxc-networks/NAME/network, as key = value lines.
 */
public record ManagedNetwork(String name, Cidr ipv4, boolean nat, boolean dhcp) {

    public static ManagedNetwork read(Path file) {
        Map<String, String> v = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) v.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        } catch (IOException e) {
            throw new GlxcException("cannot read network definition " + file + ": " + e.getMessage(), e);
        }
        try {
            return new ManagedNetwork(v.get("bridge"), Cidr.parse(v.get("ipv4")), Boolean.parseBoolean(v.get("nat")), Boolean.parseBoolean(v.get("dhcp")));
        } catch (RuntimeException e) {
            throw new GlxcException("network definition " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    public String text() {
        return "# a glxc network (glxc network create/delete)\nbridge = " + name + "\nipv4 = " + ipv4 + "\nnat = " + nat + "\ndhcp = " + dhcp + "\n";
    }

    /** The DHCP pool: every address of the subnet but the network, the bridge's own and the broadcast. */
    String dhcpRange() {
        return ipv4.host(1).equals(ipv4.address()) ? ipv4.host(2).getHostAddress() + "," + ipv4.host(ipv4.size() - 2).getHostAddress()
                : ipv4.host(1).getHostAddress() + "," + ipv4.host(ipv4.size() - 2).getHostAddress();
    }

    String subnet() {
        return ipv4.network().getHostAddress() + "/" + ipv4.prefix();
    }
}
