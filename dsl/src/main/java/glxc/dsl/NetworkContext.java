package glxc.dsl;

/** The words of a network { } block. */
public class NetworkContext {
    private String ipv4;
    private boolean nat;
    private boolean dhcp;

    /** ipv4 "10.213.3.1/24": the bridge's address, and so the network's subnet. */
    public void ipv4(String cidr) {
        this.ipv4 = cidr;
    }

    public void nat(boolean on) {
        this.nat = on;
    }

    public void dhcp(boolean on) {
        this.dhcp = on;
    }

    NetworkSpec spec(String name, String source) {
        if (ipv4 == null) throw new IllegalArgumentException("network '" + name + "' needs an address: ipv4 \"10.213.3.1/24\"");
        return new NetworkSpec(name, ipv4, nat, dhcp, source);
    }
}
