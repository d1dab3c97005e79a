package glxc.runtime.net;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One message the kernel sent back: its type, the family header, and its attributes by type. */
public final class NetlinkReply {
    public final int type;
    public final int flags;
    final int seq;
    private final ByteBuffer body;   // after the nlmsghdr
    private final int headerLen;

    NetlinkReply(int type, int flags, int seq, ByteBuffer body, int headerLen) {
        this.type = type;
        this.flags = flags;
        this.seq = seq;
        this.body = body.order(ByteOrder.nativeOrder());
        this.headerLen = headerLen;
    }

    /** The family header (ifinfomsg, ifaddrmsg, ...) as a buffer positioned at its start. */
    public ByteBuffer header() {
        return body.duplicate().order(ByteOrder.nativeOrder());
    }

    public Attributes attributes() {
        ByteBuffer b = body.duplicate().order(ByteOrder.nativeOrder());
        if (b.limit() < headerLen) return new Attributes(ByteBuffer.allocate(0));
        b.position(headerLen);
        return new Attributes(b.slice().order(ByteOrder.nativeOrder()));
    }

    /** rtattr lists: a map from type to payload (the first of each type) plus the full list for repeats. */
    public static final class Attributes {
        private final Map<Integer, ByteBuffer> byType = new LinkedHashMap<>();

        public Attributes(ByteBuffer b) {
            b = b.duplicate().order(ByteOrder.nativeOrder());
            while (b.remaining() >= 4) {
                int start = b.position();
                int len = Short.toUnsignedInt(b.getShort());
                int type = Short.toUnsignedInt(b.getShort()) & 0x3fff;   // without NLA_F_NESTED / NET_BYTEORDER
                if (len < 4 || start + len > b.limit()) break;
                ByteBuffer value = b.duplicate().position(start + 4).limit(start + len).slice().order(ByteOrder.nativeOrder());
                byType.putIfAbsent(type, value);
                b.position(Math.min(b.limit(), start + ((len + 3) & ~3)));
            }
        }

        public Optional<ByteBuffer> get(int type) {
            ByteBuffer v = byType.get(type);
            return v == null ? Optional.empty() : Optional.of(v.duplicate().order(ByteOrder.nativeOrder()));
        }

        public Optional<String> string(int type) {
            return get(type).map(v -> {
                byte[] bytes = new byte[v.remaining()];
                v.get(bytes);
                int n = 0;
                while (n < bytes.length && bytes[n] != 0) n++;
                return new String(bytes, 0, n, StandardCharsets.UTF_8);
            });
        }

        public Optional<Integer> integer(int type) {
            return get(type).filter(v -> v.remaining() >= 4).map(ByteBuffer::getInt);
        }

        public Optional<byte[]> bytes(int type) {
            return get(type).map(v -> {
                byte[] out = new byte[v.remaining()];
                v.get(out);
                return out;
            });
        }

        public Attributes nested(int type) {
            return new Attributes(get(type).orElse(ByteBuffer.allocate(0)));
        }
    }

    /** Splits a datagram into messages. */
    static List<NetlinkReply> split(byte[] data, int length, int headerLen) {
        List<NetlinkReply> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(data, 0, length).order(ByteOrder.nativeOrder());
        while (b.remaining() >= NetlinkMessage.HEADER) {
            int start = b.position();
            int len = b.getInt();
            int type = Short.toUnsignedInt(b.getShort());
            int flags = Short.toUnsignedInt(b.getShort());
            int seq = b.getInt();
            b.getInt();
            if (len < NetlinkMessage.HEADER || start + len > length) break;
            ByteBuffer body = ByteBuffer.wrap(data, start + NetlinkMessage.HEADER, len - NetlinkMessage.HEADER).slice();
            out.add(new NetlinkReply(type, flags, seq, body, headerLen));
            b.position(start + ((len + 3) & ~3));
        }
        return out;
    }
}
