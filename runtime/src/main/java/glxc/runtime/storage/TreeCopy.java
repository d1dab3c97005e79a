package glxc.runtime.storage;

import com.sun.jna.LastErrorException;
import glxc.runtime.api.GlxcException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * A faithful copy of a directory tree into a folder that does not exist yet (rsync -aHXS --numeric-ids
 * --one-file-system, as lxc-copy runs it): owners, modes with setuid bits, every xattr namespace (file
 * capabilities, ACLs, overlay's trusted.* markers), hardlinks, device nodes, fifos, sparse files (only
 * data extents are copied, in the kernel) and times. Symlinks are copied as links, never followed; the
 * destination is created fresh, so nothing in it can redirect a write; a mount inside the source is
 * not crossed (its mount point is copied empty).
 */
public final class TreeCopy {
    private static final int S_IFMT = 0170000, S_IFREG = 0100000, S_IFDIR = 0040000, S_IFLNK = 0120000;
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path from;
    private final Path to;
    private final Map<String, Path> linked = new HashMap<>();
    private Object device;
    private long bytes;

    private final boolean into;

    private TreeCopy(Path from, Path to, boolean into) {
        this.from = from;
        this.to = to;
        this.into = into;
    }

    /** Copies from's tree to to (which must not exist); returns the bytes of file data copied. */
    public static long copy(Path from, Path to) {
        return copy(from, to, false);
    }

    /** into: to is an existing empty folder (a new subvolume) that takes from's contents and attributes. */
    public static long copy(Path from, Path to, boolean into) {
        TreeCopy c = new TreeCopy(from, to, into);
        try {
            c.run();
        } catch (IOException | LastErrorException e) {
            throw new GlxcException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
        return c.bytes;
    }

    private void run() throws IOException {
        if (!into && Files.exists(to, NOFOLLOW)) throw new IOException(to + " exists already");
        device = Files.getAttribute(from, "unix:dev", NOFOLLOW);
        List<Runnable> directoryTimes = new ArrayList<>();
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes ignored) throws IOException {
                Map<String, Object> a = Files.readAttributes(dir, "unix:*", NOFOLLOW);
                Path target = target(dir);
                if (!(into && dir.equals(from))) Files.createDirectory(target);
                owner(target, a);
                // xattrs after the children: a default ACL set now would be inherited by every copied child
                directoryTimes.add(() -> {
                    Xattrs.copy(dir, target);
                    times(target, a);
                });
                return device.equals(a.get("dev")) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes ignored) throws IOException {
                entry(file, Files.readAttributes(file, "unix:*", NOFOLLOW));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                throw e;
            }
        });
        for (int i = directoryTimes.size() - 1; i >= 0; i--) directoryTimes.get(i).run();   // children first changed their parents' mtimes
    }

    private Path target(Path source) {
        return to.resolve(from.relativize(source).toString());
    }

    private void entry(Path source, Map<String, Object> a) throws IOException {
        Path target = target(source);
        int mode = (Integer) a.get("mode");
        int nlink = (Integer) a.get("nlink");
        String key = a.get("dev") + ":" + a.get("ino");
        if (nlink > 1 && (mode & S_IFMT) != S_IFDIR) {
            Path first = linked.putIfAbsent(key, target);
            if (first != null) {
                Files.createLink(target, first);
                return;
            }
        }
        switch (mode & S_IFMT) {
            case S_IFLNK -> Files.createSymbolicLink(target, Files.readSymbolicLink(source));
            case S_IFREG -> bytes += data(source, target, (Long) a.get("size"));
            default -> FsLibc.mknod(target.toString(), mode & ~07777 | 0600, (Long) a.get("rdev"));   // devices, fifos, sockets
        }
        owner(target, a);
        Xattrs.copy(source, target);
        times(target, a);
    }

    /** Only the data extents travel (SEEK_DATA/SEEK_HOLE + copy_file_range), so holes stay holes. */
    private static long data(Path source, Path target, long size) {
        int in = FsLibc.open(source.toString(), FsLibc.O_RDONLY | FsLibc.O_NOFOLLOW | FsLibc.O_CLOEXEC | FsLibc.O_NONBLOCK, 0);
        try {
            int out = FsLibc.open(target.toString(), FsLibc.O_WRONLY | FsLibc.O_CREAT | FsLibc.O_EXCL | FsLibc.O_NOFOLLOW | FsLibc.O_CLOEXEC, 0600);
            try {
                long copied = 0, offset = 0;
                while (offset < size) {
                    long start = seek(in, offset, FsLibc.SEEK_DATA);
                    if (start < 0 || start >= size) break;
                    long end = Math.min(seek(in, start, FsLibc.SEEK_HOLE), size);
                    copied += extent(source, target, in, out, start, end);
                    offset = end;
                }
                FsLibc.ftruncate(out, size);
                return copied;
            } finally {
                FsLibc.close(out);
            }
        } finally {
            FsLibc.close(in);
        }
    }

    /** One data extent in the kernel (copy_file_range); between filesystems of different types it says EXDEV: then through the JVM. */
    private static long extent(Path source, Path target, int in, int out, long start, long end) {
        long[] inOff = {start}, outOff = {start};
        long copied = 0;
        try {
            while (inOff[0] < end) {
                long n = FsLibc.copy_file_range(in, inOff, out, outOff, end - inOff[0], 0);
                if (n == 0) break;   // the file shrank while we read it
                copied += n;
            }
            return copied;
        } catch (LastErrorException e) {
            if (e.getErrorCode() != FsLibc.EXDEV && e.getErrorCode() != FsLibc.EINVAL && e.getErrorCode() != FsLibc.ENOSYS) throw e;
        }
        try (FileChannel src = FileChannel.open(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
             FileChannel dst = FileChannel.open(target, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            long at = inOff[0];
            while (at < end) {
                long n = src.transferTo(at, end - at, dst.position(at));
                if (n <= 0) break;
                at += n;
                copied += n;
            }
            return copied;
        } catch (IOException io) {
            throw new GlxcException("cannot copy " + source + ": " + io.getMessage(), io);
        }
    }

    private static long seek(int fd, long offset, int whence) {
        try {
            return FsLibc.lseek(fd, offset, whence);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == FsLibc.ENXIO) return -1;   // no data after offset
            throw e;
        }
    }

    /** Owner first (a chown clears setuid bits and file capabilities), then the mode; xattrs after (the caller). */
    private static void owner(Path target, Map<String, Object> a) {
        // by path, never by opening: opening a fifo blocks and opening a device can act on it
        FsLibc.lchown(target.toString(), (Integer) a.get("uid"), (Integer) a.get("gid"));
        int mode = (Integer) a.get("mode");
        if ((mode & S_IFMT) != S_IFLNK) FsLibc.chmod(target.toString(), mode & 07777);
    }

    private static void times(Path target, Map<String, Object> a) {
        long[] t = new long[4];
        put(t, 0, (FileTime) a.get("lastAccessTime"));
        put(t, 2, (FileTime) a.get("lastModifiedTime"));
        FsLibc.utimensat(FsLibc.AT_FDCWD, target.toString(), t, FsLibc.AT_SYMLINK_NOFOLLOW);
    }

    private static void put(long[] t, int at, FileTime time) {
        long nanos = time.to(TimeUnit.NANOSECONDS);
        t[at] = Math.floorDiv(nanos, 1_000_000_000L);
        t[at + 1] = Math.floorMod(nanos, 1_000_000_000L);
    }
}
