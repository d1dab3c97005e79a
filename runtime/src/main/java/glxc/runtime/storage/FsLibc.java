package glxc.runtime.storage;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

/** The file calls NIO lacks: device nodes, any xattr namespace, times of a symlink, extents, no-replace renames, mounts. */
final class FsLibc {
    static final int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100;
    static final int O_RDONLY = 0, O_WRONLY = 1, O_CREAT = 0x40, O_EXCL = 0x80, O_NOFOLLOW = 0x20000, O_CLOEXEC = 0x80000, O_NONBLOCK = 0x800;
    static final int SEEK_DATA = 3, SEEK_HOLE = 4;
    static final int CLONE_NEWNS = 0x20000;
    static final long MS_RDONLY = 1, MS_REC = 0x4000, MS_PRIVATE = 1 << 18;
    static final int ENODATA = 61, ENOTSUP = 95, ENXIO = 6, EEXIST = 17, EXDEV = 18, EINVAL = 22, ENOSYS = 38;

    static {
        Native.register("c");
    }

    private FsLibc() {}

    static native int lchown(String path, int uid, int gid) throws LastErrorException;

    static native int chmod(String path, int mode) throws LastErrorException;

    static native int mknod(String path, int mode, long dev) throws LastErrorException;

    static native long llistxattr(String path, byte[] list, long size) throws LastErrorException;

    static native long lgetxattr(String path, String name, byte[] value, long size) throws LastErrorException;

    static native int lsetxattr(String path, String name, byte[] value, long size, int flags) throws LastErrorException;

    static native int lremovexattr(String path, String name) throws LastErrorException;

    /** times: atime sec, nsec, mtime sec, nsec */
    static native int utimensat(int dirfd, String path, long[] times, int flags) throws LastErrorException;

    static native int open(String path, int flags, int mode) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native long lseek(int fd, long offset, int whence) throws LastErrorException;

    static native long copy_file_range(int fdIn, long[] offIn, int fdOut, long[] offOut, long len, int flags) throws LastErrorException;

    static native int ftruncate(int fd, long length) throws LastErrorException;


    static native int unshare(int flags) throws LastErrorException;

    static native int mount(String source, String target, String fstype, long flags, String data) throws LastErrorException;

    static native int umount2(String target, int flags) throws LastErrorException;
}
