package glxc.runtime.net;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Builds one netlink request: the nlmsghdr, a family header (ifinfomsg, ifaddrmsg, rtmsg, ...) and
 * attributes, nested ones included. Everything is host byte order and 4-byte aligned, as the kernel wants.
 */
public final class NetlinkMessage {
    public static final short NLM_F_REQUEST = 1, NLM_F_ACK = 4, NLM_F_REPLACE = 0x100, NLM_F_EXCL = 0x200,
            NLM_F_CREATE = 0x400, NLM_F_DUMP = 0x300;
    static final int HEADER = 16;

    private ByteBuffer buf = ByteBuffer.allocate(512).order(ByteOrder.nativeOrder());
    private final Deque<Integer> nests = new ArrayDeque<>();
    final short type;

    public NetlinkMessage(int type, int flags) {
        this.type = (short) type;
        buf.putInt(0).putShort((short) type).putShort((short) (flags | NLM_F_REQUEST)).putInt(0).putInt(0);
    }

    private void room(int n) {
        if (buf.remaining() >= n + 4) return;
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n + 64)).order(ByteOrder.nativeOrder());
        buf.flip();
        bigger.put(buf);
        buf = bigger;
    }

    private void align() {
        while (buf.position() % 4 != 0) buf.put((byte) 0);
    }

    /** A family header written as raw bytes (callers build it with the helpers below). */
    public NetlinkMessage raw(byte[] bytes) {
        room(bytes.length);
        buf.put(bytes);
        align();
        return this;
    }

    public NetlinkMessage attr(int type, byte[] value) {
        room(4 + value.length);
        buf.putShort((short) (4 + value.length)).putShort((short) type).put(value);
        align();
        return this;
    }

    public NetlinkMessage attrInt(int type, int value) {
        return attr(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    public NetlinkMessage attrShort(int type, int value) {
        return attr(type, ByteBuffer.allocate(2).order(ByteOrder.nativeOrder()).putShort((short) value).array());
    }

    /** A NUL-terminated string attribute, as IFLA_IFNAME and IFLA_INFO_KIND are. */
    public NetlinkMessage attrString(int type, String value) {
        byte[] s = value.getBytes(StandardCharsets.UTF_8);
        byte[] z = new byte[s.length + 1];
        System.arraycopy(s, 0, z, 0, s.length);
        return attr(type, z);
    }

    public NetlinkMessage begin(int type) {
        room(4);
        nests.push(buf.position());
        buf.putShort((short) 0).putShort((short) type);
        return this;
    }

    public NetlinkMessage end() {
        int start = nests.pop();
        buf.putShort(start, (short) (buf.position() - start));
        return this;
    }

    byte[] bytes(int seq) {
        if (!nests.isEmpty()) throw new IllegalStateException("unclosed nested attribute");
        ByteBuffer b = buf.duplicate().order(ByteOrder.nativeOrder());
        int len = b.position();
        byte[] out = new byte[len];
        b.flip();
        b.get(out);
        ByteBuffer.wrap(out).order(ByteOrder.nativeOrder()).putInt(0, len).putInt(8, seq);
        return out;
    }

    /** struct ifinfomsg */
    public static byte[] ifinfomsg(int family, int index, int flags, int change) {
        return ByteBuffer.allocate(16).order(ByteOrder.nativeOrder())
                .put((byte) family).put((byte) 0).putShort((short) 0).putInt(index).putInt(flags).putInt(change).array();
    }

    /** struct ifaddrmsg */
    public static byte[] ifaddrmsg(int family, int prefix, int flags, int scope, int index) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder())
                .put((byte) family).put((byte) prefix).put((byte) flags).put((byte) scope).putInt(index).array();
    }

    /** struct rtmsg */
    public static byte[] rtmsg(int family, int dstLen, int table, int protocol, int scope, int type) {
        return ByteBuffer.allocate(12).order(ByteOrder.nativeOrder())
                .put((byte) family).put((byte) dstLen).put((byte) 0).put((byte) 0)
                .put((byte) table).put((byte) protocol).put((byte) scope).put((byte) type).putInt(0).array();
    }
}
