package glxc.runtime.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address with its prefix length, as config keys write it ("10.213.3.10/24", "fd00::10/64"). Only
 * numeric addresses: never a name lookup. Without a prefix an IPv4 address gets its class's (LXC's rule).
 */
public record Cidr(InetAddress address, int prefix) {

    public static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        InetAddress a = address(addr);
        int max = a.getAddress().length * 8;
        int prefix;
        if (slash < 0) {
            prefix = max == 32 ? classful(a) : 64;
        } else {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid prefix length in '" + text + "'");
            }
            if (prefix < 0 || prefix > max) throw new IllegalArgumentException("prefix length of '" + text + "' must be 0.." + max);
        }
        return new Cidr(a, prefix);
    }

    /** A numeric IPv4 or IPv6 address; anything else is an IllegalArgumentException. */
    public static InetAddress address(String text) {
        String t = text.trim();
        boolean v4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = !v4 && t.contains(":") && t.matches("[0-9A-Fa-f:.]+");
        if (v4) for (String part : t.split("\\.")) if (Integer.parseInt(part) > 255) v4 = false;
        if (!v4 && !v6) throw new IllegalArgumentException("invalid IP address '" + text + "'");
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid IP address '" + text + "'");
        }
    }

    private static int classful(InetAddress a) {
        int first = a.getAddress()[0] & 0xff;
        return first < 128 ? 8 : first < 192 ? 16 : 24;
    }

    public boolean isIpv4() {
        return address.getAddress().length == 4;
    }

    /** The network address (host bits cleared). */
    public InetAddress network() {
        byte[] b = address.getAddress();
        for (int i = 0; i < b.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            b[i] &= (byte) (0xff << (8 - bits));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean contains(InetAddress other) {
        return other.getAddress().length == address.getAddress().length && new Cidr(other, prefix).network().equals(network());
    }

    /** The address offset hosts from the network address (offset 1 is the usual gateway). */
    public InetAddress host(long offset) {
        byte[] b = network().getAddress();
        long carry = offset;
        for (int i = b.length - 1; i >= 0 && carry != 0; i--) {
            long v = (b[i] & 0xff) + carry;
            b[i] = (byte) v;
            carry = v >> 8;
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Number of addresses in the network (IPv4 only matters here). */
    public long size() {
        int bits = address.getAddress().length * 8 - prefix;
        return bits >= 62 ? Long.MAX_VALUE : 1L << bits;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefix;
    }
}
