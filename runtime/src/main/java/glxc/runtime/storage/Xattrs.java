package glxc.runtime.storage;

import glxc.runtime.kernel.Errno;
import com.sun.jna.LastErrorException;
import glxc.runtime.api.GlxcException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Every extended attribute of a path (any namespace: user, trusted, security, system ACLs), not following a symlink. */
final class Xattrs {
    private Xattrs() {}

    static Map<String, byte[]> of(Path p) {
        Map<String, byte[]> out = new TreeMap<>();
        String s = p.toString();
        long size;
        try {
            size = FsLibc.llistxattr(s, null, 0);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == FsLibc.ENOTSUP) return out;
            throw new GlxcException("cannot list the xattrs of " + p + ": " + Errno.describe(e.getErrorCode()), e);
        }
        if (size <= 0) return out;
        byte[] list = new byte[(int) size];
        size = FsLibc.llistxattr(s, list, list.length);
        int start = 0;
        for (int i = 0; i < size; i++) {
            if (list[i] != 0) continue;
            String name = new String(list, start, i - start, StandardCharsets.UTF_8);
            start = i + 1;
            try {
                long n = FsLibc.lgetxattr(s, name, null, 0);
                byte[] value = new byte[(int) n];
                n = FsLibc.lgetxattr(s, name, value, value.length);
                out.put(name, n == value.length ? value : java.util.Arrays.copyOf(value, (int) n));
            } catch (LastErrorException e) {
                if (e.getErrorCode() != FsLibc.ENODATA) throw new GlxcException("cannot read the xattr " + name + " of " + p + ": " + Errno.describe(e.getErrorCode()), e);
            }
        }
        return out;
    }

    static void copy(Path from, Path to) {
        for (Map.Entry<String, byte[]> x : of(from).entrySet()) {
            try {
                FsLibc.lsetxattr(to.toString(), x.getKey(), x.getValue(), x.getValue().length, 0);
            } catch (LastErrorException e) {
                throw new GlxcException("cannot set the xattr " + x.getKey() + " on " + to + ": " + Errno.describe(e.getErrorCode()), e);
            }
        }
    }
}
