package glxc.runtime.image;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The descriptor calls an image import makes: open without following a link, statx of what a descriptor
 * holds (type, size, identity), times set through a descriptor. statx's buffer has one layout on every
 * architecture, unlike struct stat.
 */
final class Fds {
    static final int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_EMPTY_PATH = 0x1000;
    static final int O_RDONLY = 0, O_NONBLOCK = 0x800, O_DIRECTORY = 0x10000, O_NOFOLLOW = 0x20000, O_CLOEXEC = 0x80000, O_PATH = 0x200000;
    private static final int S_IFMT = 0170000, S_IFDIR = 0040000, S_IFREG = 0100000;
    private static final int STATX_TYPE = 0x1, STATX_INO = 0x100, STATX_SIZE = 0x200;
    private static final int EINVAL = 22;

    static {
        Native.register(Fds.class, "c");
    }

    private Fds() {}

    /** Which file: its device and inode. */
    record FileId(long dev, long ino) {}

    /** A file's type bits, identity and size. */
    record Stat(int mode, FileId id, long size) {
        boolean isDirectory() { return (mode & S_IFMT) == S_IFDIR; }

        boolean isRegularFile() { return (mode & S_IFMT) == S_IFREG; }
    }

    static native int open(String path, int flags, int mode) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native long read(int fd, byte[] buf, long count) throws LastErrorException;

    private static native int statx(int dirfd, String path, int flags, int mask, byte[] buf) throws LastErrorException;

    /** times: atime sec, nsec, mtime sec, nsec */
    private static native int utimensat(int dirfd, String path, long[] times, int flags) throws LastErrorException;

    /** What fd holds. */
    static Stat stat(int fd) {
        return statx(fd, "", AT_EMPTY_PATH);
    }

    /** What path names, a symlink itself rather than what it points at. */
    static Stat lstat(String path) {
        return statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW);
    }

    private static Stat statx(int dirfd, String path, int flags) {
        byte[] buf = new byte[256];
        statx(dirfd, path, flags, STATX_TYPE | STATX_INO | STATX_SIZE, buf);
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
        long dev = ((long) b.getInt(136) << 32) | (b.getInt(140) & 0xffffffffL);
        return new Stat(b.getShort(28) & 0xffff, new FileId(dev, b.getLong(32)), b.getLong(40));
    }

    /** Sets the access and modification times of what fd holds (an O_PATH descriptor will do). */
    static void setTimes(int fd, long seconds) {
        long[] times = {seconds, 0, seconds, 0};
        try {
            utimensat(fd, "", times, AT_EMPTY_PATH);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != EINVAL) throw e;
            utimensat(AT_FDCWD, "/proc/self/fd/" + fd, times, 0);   // kernels before 5.8 take no AT_EMPTY_PATH here
        }
    }
}
