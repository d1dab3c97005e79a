package glxc.runtime.net;

import java.net.InetAddress;

/** An address on an interface: the address, its prefix length and the interface's index. */
public record Address(InetAddress address, int prefix, int index) {
    public String text() {
        return address.getHostAddress();
    }

    public boolean isIpv4() {
        return address.getAddress().length == 4;
    }

    @Override
    public String toString() {
        return text() + "/" + prefix;
    }
}
