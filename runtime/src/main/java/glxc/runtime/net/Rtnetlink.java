package glxc.runtime.net;

import glxc.runtime.kernel.Errno;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The link, address and route requests glxc makes, over one netlink socket (and so in one network
 * namespace). Constants are the kernel's (linux/rtnetlink.h, if_link.h, if_addr.h).
 */
public final class Rtnetlink implements AutoCloseable {
    static final int RTM_NEWLINK = 16, RTM_DELLINK = 17, RTM_GETLINK = 18, RTM_NEWADDR = 20, RTM_GETADDR = 22,
            RTM_NEWROUTE = 24;
    static final int IFLA_ADDRESS = 1, IFLA_IFNAME = 3, IFLA_MTU = 4, IFLA_LINK = 5, IFLA_MASTER = 10,
            IFLA_LINKINFO = 18, IFLA_NET_NS_FD = 28, IFLA_STATS64 = 23;
    static final int IFLA_INFO_KIND = 1, IFLA_INFO_DATA = 2, VETH_INFO_PEER = 1, IFLA_MACVLAN_MODE = 1, IFLA_VLAN_ID = 1;
    static final int IFA_ADDRESS = 1, IFA_LOCAL = 2, IFA_BROADCAST = 4, IFA_F_NODAD = 0x02;
    static final int RTA_DST = 1, RTA_OIF = 4, RTA_GATEWAY = 5;
    static final int RT_TABLE_MAIN = 254, RTPROT_BOOT = 3, RT_SCOPE_UNIVERSE = 0, RT_SCOPE_LINK = 253, RTN_UNICAST = 1;
    static final int IFF_UP = 1;
    private static final int IFINFOMSG = 16, IFADDRMSG = 8;

    private final NetlinkSocket socket;

    public Rtnetlink(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** rtnetlink in the calling thread's namespace. */
    public static Rtnetlink here() {
        return new Rtnetlink(NetlinkSocket.open());
    }

    public static Rtnetlink in(NetNamespace ns) {
        return new Rtnetlink(ns.netlink());
    }

    // ---- links

    public List<Link> links() {
        List<Link> out = new ArrayList<>();
        NetlinkMessage m = new NetlinkMessage(RTM_GETLINK, NetlinkMessage.NLM_F_DUMP).raw(NetlinkMessage.ifinfomsg(0, 0, 0, 0));
        for (NetlinkReply r : socket.dump(m, "list network interfaces", IFINFOMSG)) {
            if (r.type != RTM_NEWLINK) continue;
            out.add(link(r));
        }
        return out;
    }

    public Optional<Link> link(String name) {
        return links().stream().filter(l -> l.name().equals(name)).findFirst();
    }

    public Link require(String name) {
        return link(name).orElseThrow(() -> new NetlinkException("no network interface '" + name + "'", Errno.ENODEV, null));
    }

    private static Link link(NetlinkReply r) {
        ByteBuffer h = r.header();
        h.getShort();
        h.getShort();
        int index = h.getInt();
        int flags = h.getInt();
        NetlinkReply.Attributes a = r.attributes();
        String kind = a.nested(IFLA_LINKINFO).string(IFLA_INFO_KIND).orElse("");
        long[] stats = new long[4];
        a.get(IFLA_STATS64).filter(b -> b.remaining() >= 32).ifPresent(b -> {
            for (int i = 0; i < 4; i++) stats[i] = b.getLong();
        });
        return new Link(index, a.string(IFLA_IFNAME).orElse("?"), kind, (flags & IFF_UP) != 0,
                a.integer(IFLA_MTU).orElse(0), a.bytes(IFLA_ADDRESS).map(Rtnetlink::mac).orElse(""),
                a.integer(IFLA_MASTER).orElse(0), stats[2], stats[3], stats[0], stats[1]);
    }

    public void createBridge(String name) {
        NetlinkMessage m = create(name).begin(IFLA_LINKINFO).attrString(IFLA_INFO_KIND, "bridge").end();
        socket.request(m, "create bridge " + name);
    }

    /**
     * A veth pair: hostName stays here, peerName is made directly inside peerNs (so a failure in between
     * can never leave a half-moved pair behind).
     */
    public void createVeth(String hostName, String peerName, NetNamespace peerNs, byte[] peerMac, int mtu) {
        NetlinkMessage m = create(hostName);
        if (mtu > 0) m.attrInt(IFLA_MTU, mtu);
        m.begin(IFLA_LINKINFO).attrString(IFLA_INFO_KIND, "veth").begin(IFLA_INFO_DATA).begin(VETH_INFO_PEER)
                .raw(NetlinkMessage.ifinfomsg(0, 0, 0, 0)).attrString(IFLA_IFNAME, peerName).attrInt(IFLA_NET_NS_FD, peerNs.fd());
        if (peerMac != null) m.attr(IFLA_ADDRESS, peerMac);
        if (mtu > 0) m.attrInt(IFLA_MTU, mtu);
        m.end().end().end();
        socket.request(m, "create veth pair " + hostName + " / " + peerName);
    }

    /** macvlan or vlan on a link of this namespace, created directly in ns under the given name. */
    public void createStacked(String kind, String name, int parentIndex, NetNamespace ns, byte[] mac, int mtu, int modeOrVlanId) {
        NetlinkMessage m = create(name).attrInt(IFLA_LINK, parentIndex).attrInt(IFLA_NET_NS_FD, ns.fd());
        if (mac != null) m.attr(IFLA_ADDRESS, mac);
        if (mtu > 0) m.attrInt(IFLA_MTU, mtu);
        m.begin(IFLA_LINKINFO).attrString(IFLA_INFO_KIND, kind).begin(IFLA_INFO_DATA);
        if (kind.equals("vlan")) m.attrShort(IFLA_VLAN_ID, modeOrVlanId);
        else m.attrInt(IFLA_MACVLAN_MODE, modeOrVlanId);
        m.end().end();
        socket.request(m, "create " + kind + " " + name);
    }

    private static NetlinkMessage create(String name) {
        return new NetlinkMessage(RTM_NEWLINK, NetlinkMessage.NLM_F_ACK | NetlinkMessage.NLM_F_CREATE | NetlinkMessage.NLM_F_EXCL)
                .raw(NetlinkMessage.ifinfomsg(0, 0, 0, 0)).attrString(IFLA_IFNAME, name);
    }

    private NetlinkMessage change(int index, int flags, int mask) {
        return new NetlinkMessage(RTM_NEWLINK, NetlinkMessage.NLM_F_ACK).raw(NetlinkMessage.ifinfomsg(0, index, flags, mask));
    }

    public void setUp(int index, boolean up) {
        onLink(index, change(index, up ? IFF_UP : 0, IFF_UP), up ? "bring up" : "bring down");
    }

    public void setMaster(int index, int master) {
        onLink(index, change(index, 0, 0).attrInt(IFLA_MASTER, master), "attach to its bridge");
    }

    /** Moves a link (down, as the kernel requires for a rename) into ns, renamed to newName. */
    public void moveTo(int index, NetNamespace ns, String newName) {
        NetlinkMessage m = change(index, 0, IFF_UP).attrInt(IFLA_NET_NS_FD, ns.fd());
        if (newName != null) m.attrString(IFLA_IFNAME, newName);
        onLink(index, m, "move into another network namespace");
    }

    public void setMac(int index, byte[] mac) {
        onLink(index, change(index, 0, 0).attr(IFLA_ADDRESS, mac), "set the MAC address of");
    }

    public void setMtu(int index, int mtu) {
        onLink(index, change(index, 0, 0).attrInt(IFLA_MTU, mtu), "set the MTU of");
    }

    /** A request about one link; a refusal names the link by its name, not just its index. */
    private void onLink(int index, NetlinkMessage m, String action) {
        try {
            socket.request(m, action + " interface " + index);
        } catch (NetlinkException e) {
            String name = links().stream().filter(l -> l.index() == index).map(Link::name).findFirst().orElse("#" + index);
            throw new NetlinkException(action + " interface " + name + " (index " + index + ")", e.errno(), e.kernelMessage());
        }
    }

    public void delete(int index, String name) {
        NetlinkMessage m = new NetlinkMessage(RTM_DELLINK, NetlinkMessage.NLM_F_ACK).raw(NetlinkMessage.ifinfomsg(0, index, 0, 0));
        socket.request(m, "delete interface " + name);
    }

    /** Deletes by name; false when there was no such link. */
    public boolean deleteIfPresent(String name) {
        Optional<Link> l = link(name);
        if (l.isEmpty()) return false;
        try {
            delete(l.get().index(), name);
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENODEV) return false;   // gone meanwhile (its namespace died)
            throw e;
        }
    }

    // ---- addresses and routes

    public List<Address> addresses() {
        List<Address> out = new ArrayList<>();
        NetlinkMessage m = new NetlinkMessage(RTM_GETADDR, NetlinkMessage.NLM_F_DUMP).raw(NetlinkMessage.ifaddrmsg(0, 0, 0, 0, 0));
        for (NetlinkReply r : socket.dump(m, "list addresses", IFADDRMSG)) {
            if (r.type != RTM_NEWADDR) continue;
            ByteBuffer h = r.header();
            h.get();
            int prefix = Byte.toUnsignedInt(h.get());
            h.get();
            h.get();
            int index = h.getInt();
            NetlinkReply.Attributes a = r.attributes();
            Optional<byte[]> raw = a.bytes(IFA_LOCAL).or(() -> a.bytes(IFA_ADDRESS));
            if (raw.isEmpty()) continue;
            try {
                out.add(new Address(InetAddress.getByAddress(raw.get()), prefix, index));
            } catch (UnknownHostException e) {
                // a length the kernel never sends
            }
        }
        return out;
    }

    public void addAddress(int index, InetAddress address, int prefix, InetAddress broadcast) {
        boolean v4 = address.getAddress().length == 4;
        NetlinkMessage m = new NetlinkMessage(RTM_NEWADDR, NetlinkMessage.NLM_F_ACK | NetlinkMessage.NLM_F_CREATE | NetlinkMessage.NLM_F_EXCL)
                .raw(NetlinkMessage.ifaddrmsg(v4 ? NetLibc.AF_INET : NetLibc.AF_INET6, prefix, v4 ? 0 : IFA_F_NODAD, 0, index))
                .attr(IFA_LOCAL, address.getAddress()).attr(IFA_ADDRESS, address.getAddress());
        if (broadcast != null) m.attr(IFA_BROADCAST, broadcast.getAddress());
        socket.request(m, "add address " + address.getHostAddress() + "/" + prefix);
    }

    /** A route in the main table: to dst/dstLen (null for the default route), via gateway or directly on index. */
    public void addRoute(InetAddress dst, int dstLen, InetAddress gateway, int index) {
        boolean v4 = (dst != null ? dst : gateway).getAddress().length == 4;
        NetlinkMessage m = new NetlinkMessage(RTM_NEWROUTE, NetlinkMessage.NLM_F_ACK | NetlinkMessage.NLM_F_CREATE | NetlinkMessage.NLM_F_EXCL)
                .raw(NetlinkMessage.rtmsg(v4 ? NetLibc.AF_INET : NetLibc.AF_INET6, dst == null ? 0 : dstLen, RT_TABLE_MAIN, RTPROT_BOOT,
                        gateway == null ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE, RTN_UNICAST));
        if (dst != null) m.attr(RTA_DST, dst.getAddress());
        if (gateway != null) m.attr(RTA_GATEWAY, gateway.getAddress());
        if (index > 0) m.attrInt(RTA_OIF, index);
        String to = dst == null ? "default" : dst.getHostAddress() + "/" + dstLen;
        socket.request(m, "add route " + to + (gateway != null ? " via " + gateway.getHostAddress() : ""));
    }

    static String mac(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < b.length; i++) s.append(i == 0 ? "" : ":").append(String.format("%02x", b[i] & 0xff));
        return s.toString();
    }

    @Override
    public void close() {
        socket.close();
    }
}
