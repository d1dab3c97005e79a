package glxc.runtime.net;

import com.sun.jna.LastErrorException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * An rtnetlink socket, bound to the network namespace of the thread that opened it (for good: it can be
 * used from any thread afterwards). Requests are acknowledged; the kernel's extended ack message is
 * turned into the exception's text.
 */
public final class NetlinkSocket implements AutoCloseable {
    private static final int NETLINK_ROUTE = 0, NLMSG_ERROR = 2, NLMSG_DONE = 3;
    private static final int NLM_F_ACK_TLVS = 0x200, NLMSGERR_ATTR_MSG = 1;
    private final int fd;
    private int seq = (int) (System.nanoTime() & 0x3fffffff);
    private final byte[] buffer = new byte[65536];

    private NetlinkSocket(int fd) {
        this.fd = fd;
    }

    /** A socket in the calling thread's network namespace. */
    public static NetlinkSocket open() {
        int fd;
        try {
            fd = NetLibc.socket(NetLibc.AF_NETLINK, NetLibc.SOCK_RAW | NetLibc.SOCK_CLOEXEC, NETLINK_ROUTE);
        } catch (LastErrorException e) {
            throw new NetlinkException("open a netlink socket", e.getErrorCode(), null);
        }
        try {
            NetLibc.setsockopt(fd, NetLibc.SOL_NETLINK, NetLibc.NETLINK_EXT_ACK, NetLibc.intValue(1), 4);
            NetLibc.setsockopt(fd, NetLibc.SOL_NETLINK, NetLibc.NETLINK_CAP_ACK, NetLibc.intValue(1), 4);
            byte[] addr = new byte[12];
            addr[0] = (byte) NetLibc.AF_NETLINK;
            NetLibc.bind(fd, addr, addr.length);
        } catch (LastErrorException e) {
            NetLibc.close(fd);
            throw new NetlinkException("bind a netlink socket", e.getErrorCode(), null);
        }
        return new NetlinkSocket(fd);
    }

    /** Sends a request and waits for its acknowledgement; what names the operation in an error. */
    public synchronized void request(NetlinkMessage m, String what) {
        exchange(m, what, 0);
    }

    /** Sends a dump request and returns every reply; headerLen is the family header's size. */
    public synchronized List<NetlinkReply> dump(NetlinkMessage m, String what, int headerLen) {
        return exchange(m, what, headerLen);
    }

    private List<NetlinkReply> exchange(NetlinkMessage m, String what, int headerLen) {
        int mySeq = ++seq;
        byte[] msg = m.bytes(mySeq);
        byte[] kernel = new byte[12];
        kernel[0] = (byte) NetLibc.AF_NETLINK;
        try {
            NetLibc.sendto(fd, msg, msg.length, 0, kernel, kernel.length);
        } catch (LastErrorException e) {
            throw new NetlinkException(what, e.getErrorCode(), null);
        }
        List<NetlinkReply> out = new ArrayList<>();
        while (true) {
            int n;
            try {
                n = (int) NetLibc.recv(fd, buffer, buffer.length, 0);
            } catch (LastErrorException e) {
                throw new NetlinkException(what, e.getErrorCode(), null);
            }
            ByteBuffer b = ByteBuffer.wrap(buffer, 0, n).order(ByteOrder.nativeOrder());
            for (NetlinkReply r : NetlinkReply.split(buffer, n, headerLen)) {
                if (r.seq != mySeq) continue;   // left over from an exchange that failed part-way
                if (r.type == NLMSG_DONE) {
                    int error = r.header().remaining() >= 4 ? r.header().getInt() : 0;
                    if (error < 0) throw new NetlinkException(what, -error, null);
                    return out;
                }
                if (r.type == NLMSG_ERROR) {
                    ByteBuffer body = r.header();
                    int error = body.getInt();
                    if (error == 0) return out;
                    String text = null;
                    if ((r.flags & NLM_F_ACK_TLVS) != 0 && body.limit() > 4 + NetlinkMessage.HEADER) {
                        body.position(4 + NetlinkMessage.HEADER);
                        text = new NetlinkReply.Attributes(body.slice()).string(NLMSGERR_ATTR_MSG).orElse(null);
                    }
                    throw new NetlinkException(what, -error, text);
                }
                out.add(copy(r, headerLen, mySeq));
            }
            if (b.limit() == 0) return out;
        }
    }

    /** Replies point into the shared receive buffer; a dump keeps copies. */
    private static NetlinkReply copy(NetlinkReply r, int headerLen, int seq) {
        ByteBuffer src = r.header();
        byte[] data = new byte[src.remaining()];
        src.get(data);
        return new NetlinkReply(r.type, r.flags, seq, ByteBuffer.wrap(data), headerLen);
    }

    @Override
    public void close() {
        NetLibc.close(fd);
    }
}
