package glxc.runtime.net;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

/** The socket and namespace calls of the network layer (JNA direct mapping). */
final class NetLibc {
    static final int AF_INET = 2, AF_INET6 = 10, AF_NETLINK = 16, AF_PACKET = 17;
    static final int SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1, SO_BROADCAST = 6, SO_RCVBUF = 8, SO_REUSEADDR = 2, SO_BINDTODEVICE = 25;
    static final int SOL_NETLINK = 270, NETLINK_CAP_ACK = 10, NETLINK_EXT_ACK = 11;
    static final int CLONE_NEWNET = 0x40000000;
    static final int O_RDONLY = 0, O_CLOEXEC = 0x80000;

    static {
        Native.register("c");
    }

    private NetLibc() {}

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int bind(int fd, byte[] addr, int len) throws LastErrorException;

    static native long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen) throws LastErrorException;

    static native long recv(int fd, byte[] buf, long len, int flags) throws LastErrorException;

    static native int setsockopt(int fd, int level, int name, byte[] value, int len) throws LastErrorException;

    static native int poll(int[] fds, int nfds, int timeout) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int open(String path, int flags) throws LastErrorException;

    static native int setns(int fd, int nstype) throws LastErrorException;

    static native int unshare(int flags) throws LastErrorException;

    static native int getpid();

    static byte[] intValue(int v) {
        return new byte[]{(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }
}
