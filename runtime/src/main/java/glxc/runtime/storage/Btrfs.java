package glxc.runtime.storage;

import glxc.runtime.kernel.Errno;
import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import glxc.runtime.api.GlxcException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** btrfs subvolume ioctls (what btrfs-progs does for subvolume create/snapshot/delete), through JNA. */
final class Btrfs {
    private static final long BTRFS_SUPER_MAGIC = 0x9123683EL;
    /** _IOW(0x94, nr, struct btrfs_ioctl_vol_args), the struct being 4096 bytes: an fd and a name. */
    private static final long SNAP_CREATE = 0x50009401L, SUBVOL_CREATE = 0x5000940EL, SNAP_DESTROY = 0x5000940FL;
    private static final int O_RDONLY = 0, O_DIRECTORY = 0x10000, O_CLOEXEC = 0x80000;

    static {
        Native.register(Btrfs.class, "c");
    }

    private Btrfs() {}

    private static native int open(String path, int flags) throws LastErrorException;

    private static native int close(int fd) throws LastErrorException;

    private static native int ioctl(int fd, long request, byte[] args) throws LastErrorException;

    private static native int statfs(String path, byte[] buf) throws LastErrorException;

    /** True when path lies on a btrfs filesystem. */
    static boolean isBtrfs(Path path) {
        byte[] buf = new byte[120];
        try {
            statfs(path.toString(), buf);
        } catch (LastErrorException e) {
            return false;
        }
        long type = (buf[0] & 0xffL) | (buf[1] & 0xffL) << 8 | (buf[2] & 0xffL) << 16 | (buf[3] & 0xffL) << 24;
        return type == BTRFS_SUPER_MAGIC;
    }

    static void createSubvolume(Path path) {
        call(path.getParent(), SUBVOL_CREATE, 0, path.getFileName().toString(), "create the subvolume " + path);
    }

    /** A writable snapshot of the subvolume source at target. */
    static void snapshot(Path source, Path target) {
        int src = open(source.toString(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        try {
            call(target.getParent(), SNAP_CREATE, src, target.getFileName().toString(), "snapshot " + source + " to " + target);
        } finally {
            close(src);
        }
    }

    static void deleteSubvolume(Path path) {
        call(path.getParent(), SNAP_DESTROY, 0, path.getFileName().toString(), "delete the subvolume " + path);
    }

    private static void call(Path dir, long request, long fd, String name, String what) {
        byte[] args = new byte[4096];
        for (int i = 0; i < 8; i++) args[i] = (byte) (fd >>> (8 * i));
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length > 4087) throw new GlxcException("cannot " + what + ": the name is too long");
        System.arraycopy(n, 0, args, 8, n.length);
        int d = open(dir.toString(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        try {
            ioctl(d, request, args);
        } catch (LastErrorException e) {
            throw new GlxcException("cannot " + what + ": " + Errno.describe(e.getErrorCode()) + (e.getErrorCode() == 25 ? " (not on btrfs)" : ""), e);
        } finally {
            close(d);
        }
    }
}
