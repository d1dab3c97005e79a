package glxc.runtime.image;

import com.sun.jna.LastErrorException;
import glxc.runtime.api.GlxcException;
import glxc.runtime.kernel.Errno;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file of an image layout read as it was checked: opened without following a link (and without blocking,
 * should it be a FIFO), refused unless it is a regular file of the size its descriptor declares, read
 * through that descriptor to that size and no further, and its SHA-256 compared with its digest once the
 * last byte is read. A link to /dev/zero or a FIFO in blobs/ is thus an error, not a hang.
 */
final class BlobInput extends InputStream {
    private static final int ELOOP = 40, ENOENT = 2;

    private final int fd;
    private final String name;
    private final String digest;
    private final MessageDigest sha256 = sha256();
    private final byte[] one = new byte[1];
    private long remaining;
    private boolean checked, closed;

    private BlobInput(int fd, String name, String digest, long size) {
        this.fd = fd;
        this.name = name;
        this.digest = digest;
        this.remaining = size;
    }

    /**
     * Opens file; name names it in errors. digest (sha256:HEX) is checked at the end unless it is null;
     * size is the size it must have, or -1 for any size up to max.
     */
    static BlobInput open(Path file, String name, String digest, long size, long max) {
        int fd;
        try {
            fd = Fds.open(file.toString(), Fds.O_RDONLY | Fds.O_NOFOLLOW | Fds.O_NONBLOCK | Fds.O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ELOOP) throw new GlxcException(name + " is a symbolic link (" + file + "): refused");
            if (e.getErrorCode() == ENOENT) throw new GlxcException(name + " is missing (" + file + ")");
            throw new GlxcException("cannot open " + name + " (" + file + "): " + Errno.describe(e.getErrorCode()), e);
        }
        try {
            Fds.Stat st = Fds.stat(fd);
            if (!st.isRegularFile()) throw new GlxcException(name + " is not a regular file (" + file + "): refused");
            if (size >= 0 && st.size() != size) throw new GlxcException(name + " has " + st.size() + " bytes, its descriptor says " + size + " (" + file + ")");
            if (st.size() > max) throw new GlxcException(name + " has " + st.size() + " bytes, more than the " + max + " it may have (" + file + ")");
            return new BlobInput(fd, name, digest, st.size());
        } catch (RuntimeException e) {
            Fds.close(fd);
            throw e;
        }
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buf, int offset, int length) throws IOException {
        if (remaining == 0) {
            check();
            return -1;
        }
        if (length == 0) return 0;
        int want = (int) Math.min(length, remaining);
        byte[] into = offset == 0 ? buf : new byte[want];
        long n;
        try {
            n = Fds.read(fd, into, want);
        } catch (LastErrorException e) {
            throw new IOException("cannot read " + name + ": " + Errno.describe(e.getErrorCode()), e);
        }
        if (n <= 0) throw new IOException(name + " ended " + remaining + " bytes early (it changed while being read)");
        if (into != buf) System.arraycopy(into, 0, buf, offset, (int) n);
        sha256.update(buf, offset, (int) n);
        remaining -= n;
        if (remaining == 0) check();
        return (int) n;
    }

    private void check() throws IOException {
        if (checked || digest == null) return;
        checked = true;
        String actual = "sha256:" + HexFormat.of().formatHex(sha256.digest());
        if (!actual.equals(digest)) throw new IOException(name + " is corrupt (its content is " + actual + ")");
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Fds.close(fd);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
