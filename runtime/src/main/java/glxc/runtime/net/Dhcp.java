package glxc.runtime.net;

import glxc.runtime.kernel.Errno;
import com.sun.jna.LastErrorException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A DHCPv4 client for one exchange (DISCOVER, OFFER, REQUEST, ACK; RFC 2131), run by glxc inside a
 * container's network namespace before its init starts. It asks for broadcast replies, so a UDP socket
 * bound to the interface receives them while the interface has no address yet.
 */
public final class Dhcp {
    public record Lease(Cidr address, InetAddress router, InetAddress server, long seconds) {}

    private static final int DISCOVER = 1, OFFER = 2, REQUEST = 3, ACK = 5, NAK = 6;
    private static final int OPT_MASK = 1, OPT_ROUTER = 3, OPT_HOSTNAME = 12, OPT_REQUESTED = 50, OPT_LEASE = 51, OPT_TYPE = 53,
            OPT_SERVER = 54, OPT_PARAMS = 55, OPT_CLIENT_ID = 61, OPT_END = 255;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Dhcp() {}

    /** Runs in the namespace that holds interfaceName (call it through NetNamespace.inside). */
    public static Lease acquire(String interfaceName, byte[] mac, String hostname, long timeoutMillis) {
        return acquire(interfaceName, mac, hostname, null, timeoutMillis);
    }

    /**
     * The same, believing only server (the address of the network's dnsmasq; null: any): the DISCOVER is
     * broadcast, so anyone on the bridge, another container too, could answer it.
     */
    public static Lease acquire(String interfaceName, byte[] mac, String hostname, InetAddress server, long timeoutMillis) {
        int fd = openSocket(interfaceName);
        try {
            int xid = RANDOM.nextInt();
            long deadline = System.currentTimeMillis() + timeoutMillis;
            Map<Integer, byte[]> offer = exchange(fd, message(xid, mac, hostname, DISCOVER, null, null), xid, OFFER, deadline, interfaceName, server);
            InetAddress offered = ip(offer.get(-1));
            byte[] serverId = offer.get(OPT_SERVER);
            Map<Integer, byte[]> ack = exchange(fd, message(xid, mac, hostname, REQUEST, offered, serverId), xid, ACK, deadline, interfaceName, server);
            InetAddress address = ip(ack.get(-1));
            int prefix = length(ack, OPT_MASK, 4) ? Integer.bitCount(ByteBuffer.wrap(ack.get(OPT_MASK)).getInt()) : 24;
            InetAddress router = length(ack, OPT_ROUTER, 4) ? ip(Arrays.copyOf(ack.get(OPT_ROUTER), 4)) : null;
            long seconds = length(ack, OPT_LEASE, 4) ? Integer.toUnsignedLong(ByteBuffer.wrap(ack.get(OPT_LEASE)).getInt()) : 0;
            return new Lease(new Cidr(address, prefix), router, serverId != null ? ip(Arrays.copyOf(serverId, 4)) : null, seconds);
        } finally {
            NetLibc.close(fd);
        }
    }

    private static int openSocket(String interfaceName) {
        try {
            int fd = NetLibc.socket(NetLibc.AF_INET, NetLibc.SOCK_DGRAM | NetLibc.SOCK_CLOEXEC, 0);
            try {
                NetLibc.setsockopt(fd, NetLibc.SOL_SOCKET, NetLibc.SO_REUSEADDR, NetLibc.intValue(1), 4);
                NetLibc.setsockopt(fd, NetLibc.SOL_SOCKET, NetLibc.SO_BROADCAST, NetLibc.intValue(1), 4);
                byte[] dev = (interfaceName + "\0").getBytes(StandardCharsets.UTF_8);
                NetLibc.setsockopt(fd, NetLibc.SOL_SOCKET, NetLibc.SO_BINDTODEVICE, dev, dev.length);
                byte[] any = sockaddr(new byte[4], 68);
                NetLibc.bind(fd, any, any.length);
                return fd;
            } catch (LastErrorException e) {
                NetLibc.close(fd);
                throw e;
            }
        } catch (LastErrorException e) {
            throw new NetlinkException("open a DHCP client socket on " + interfaceName, e.getErrorCode(), null);
        }
    }

    /** Sends until the wanted reply comes (resending each second, as clients do), or the deadline passes. */
    private static Map<Integer, byte[]> exchange(int fd, byte[] msg, int xid, int wanted, long deadline, String ifname, InetAddress server) {
        byte[] to = sockaddr(new byte[]{-1, -1, -1, -1}, 67);
        byte[] buf = new byte[1500];
        while (true) {
            try {
                NetLibc.sendto(fd, msg, msg.length, 0, to, to.length);
            } catch (LastErrorException e) {
                throw new NetlinkException("send a DHCP request on " + ifname, e.getErrorCode(), null);
            }
            long resend = Math.min(deadline, System.currentTimeMillis() + 1000);
            while (true) {
                long left = resend - System.currentTimeMillis();
                if (left <= 0) break;
                int[] pfd = {fd, 1};   // {fd, events=POLLIN | revents<<16}
                if (NetLibc.poll(pfd, 1, (int) left) <= 0) continue;
                int n = (int) NetLibc.recv(fd, buf, buf.length, 0);
                Map<Integer, byte[]> reply;
                try {
                    reply = parse(buf, n, xid);
                } catch (RuntimeException e) {
                    continue;   // malformed: not an answer
                }
                if (reply == null || !from(server, reply)) continue;
                int type = length(reply, OPT_TYPE, 1) ? reply.get(OPT_TYPE)[0] : 0;
                if (type == NAK) throw new NetlinkException("DHCP on " + ifname + ": the server refused the request (DHCPNAK)", Errno.EPROTO, null);
                if (type == wanted) return reply;
            }
            if (System.currentTimeMillis() >= deadline)
                throw new NetlinkException("DHCP on " + ifname + ": no " + (wanted == OFFER ? "offer" : "acknowledgement") + " from a DHCP server", Errno.ETIMEDOUT, null);
        }
    }

    private static boolean length(Map<Integer, byte[]> options, int code, int min) {
        return options.containsKey(code) && options.get(code).length >= min;
    }

    private static boolean from(InetAddress server, Map<Integer, byte[]> reply) {
        byte[] id = reply.get(OPT_SERVER);
        return server == null || (id != null && id.length == 4 && Arrays.equals(id, server.getAddress()));
    }

    private static byte[] message(int xid, byte[] mac, String hostname, int type, InetAddress requested, byte[] server) {
        ByteBuffer b = ByteBuffer.allocate(548);
        b.put((byte) 1).put((byte) 1).put((byte) 6).put((byte) 0).putInt(xid).putShort((short) 0).putShort((short) 0x8000);
        b.position(28);
        b.put(mac);
        b.position(236);
        b.put((byte) 99).put((byte) 130).put((byte) 83).put((byte) 99);
        b.put((byte) OPT_TYPE).put((byte) 1).put((byte) type);
        b.put((byte) OPT_CLIENT_ID).put((byte) 7).put((byte) 1).put(mac);
        byte[] name = hostname.getBytes(StandardCharsets.US_ASCII);
        if (name.length > 0 && name.length < 64) b.put((byte) OPT_HOSTNAME).put((byte) name.length).put(name);
        if (requested != null) b.put((byte) OPT_REQUESTED).put((byte) 4).put(requested.getAddress());
        if (server != null && server.length == 4) b.put((byte) OPT_SERVER).put((byte) 4).put(server);
        b.put((byte) OPT_PARAMS).put((byte) 4).put((byte) OPT_MASK).put((byte) OPT_ROUTER).put((byte) 6).put((byte) OPT_LEASE);
        b.put((byte) OPT_END);
        return Arrays.copyOf(b.array(), Math.max(300, b.position()));   // 300: BOOTP's minimum, which some servers insist on
    }

    /** Options by code, plus yiaddr under -1; null when the packet is not a reply to xid. */
    private static Map<Integer, byte[]> parse(byte[] buf, int n, int xid) {
        if (n < 240) return null;
        ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
        if (b.get(0) != 2 || b.getInt(4) != xid || b.getInt(236) != 0x63825363) return null;
        Map<Integer, byte[]> out = new HashMap<>();
        byte[] yiaddr = new byte[4];
        System.arraycopy(buf, 16, yiaddr, 0, 4);
        out.put(-1, yiaddr);
        int i = 240;
        while (i < n) {
            int code = buf[i] & 0xff;
            if (code == OPT_END) break;
            if (code == 0) { i++; continue; }
            if (i + 1 >= n) break;
            int len = buf[i + 1] & 0xff;
            if (i + 2 + len > n) break;
            byte[] v = new byte[len];
            System.arraycopy(buf, i + 2, v, 0, len);
            out.putIfAbsent(code, v);
            i += 2 + len;
        }
        return out;
    }

    private static byte[] sockaddr(byte[] addr, int port) {
        byte[] s = new byte[16];
        s[0] = (byte) NetLibc.AF_INET;
        s[2] = (byte) (port >> 8);
        s[3] = (byte) port;
        System.arraycopy(addr, 0, s, 4, 4);
        return s;
    }

    private static InetAddress ip(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
