package glxc.runtime.storage;

import glxc.runtime.api.GlxcException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The content digest of a directory tree, independent of where it lies and when it was written: every
 * entry in byte order of its path, each field length-prefixed (so no name or link target can pass for
 * another entry), with its type, mode, owner, size, link target or device number, its xattrs, which
 * earlier entry it is a hardlink of, and the SHA-256 of its data. Times are left out.
 */
public final class TreeDigest {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private TreeDigest() {}

    public static String of(Path root) {
        MessageDigest tree = sha256();
        Map<Object, String> firstOfInode = new HashMap<>();
        Deque<Path> todo = new ArrayDeque<>();
        todo.push(root);
        try {
            while (!todo.isEmpty()) {
                Path dir = todo.pop();
                List<Path> entries;
                try (Stream<Path> s = Files.list(dir)) {
                    entries = s.sorted((a, b) -> Arrays.compareUnsigned(bytes(a.getFileName().toString()), bytes(b.getFileName().toString()))).toList();
                }
                for (int i = entries.size() - 1; i >= 0; i--) if (Files.isDirectory(entries.get(i), NOFOLLOW)) todo.push(entries.get(i));
                for (Path p : entries) entry(root, p, tree, firstOfInode);
            }
        } catch (IOException e) {
            throw new GlxcException("cannot read " + root + " to digest it: " + e.getMessage(), e);
        }
        return "sha256-" + HexFormat.of().formatHex(tree.digest());
    }

    private static void entry(Path root, Path p, MessageDigest tree, Map<Object, String> firstOfInode) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,rdev,nlink,ino,dev", NOFOLLOW);
        String rel = root.relativize(p).toString();
        field(tree, rel);
        field(tree, Integer.toOctalString((Integer) a.get("mode")) + " " + a.get("uid") + ":" + a.get("gid"));
        boolean dir = Files.isDirectory(p, NOFOLLOW);
        if (!dir && (Integer) a.get("nlink") > 1) {
            String first = firstOfInode.putIfAbsent(a.get("dev") + ":" + a.get("ino"), rel);
            if (first != null) {
                field(tree, "hardlink");
                field(tree, first);
                return;
            }
        }
        if (Files.isSymbolicLink(p)) {
            field(tree, "symlink");
            field(tree, Files.readSymbolicLink(p).toString());
        } else if (Files.isRegularFile(p, NOFOLLOW)) {
            field(tree, "file " + a.get("size"));
            field(tree, fileDigest(p));
        } else {
            field(tree, dir ? "dir" : "node " + a.get("rdev"));
        }
        for (Map.Entry<String, byte[]> x : Xattrs.of(p).entrySet()) {
            field(tree, x.getKey());
            field(tree, x.getValue());
        }
        field(tree, "end");
    }

    private static void field(MessageDigest d, String s) {
        field(d, bytes(s));
    }

    private static void field(MessageDigest d, byte[] b) {
        d.update(ByteBuffer.allocate(4).putInt(b.length).array());
        d.update(b);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String fileDigest(Path file) throws IOException {
        MessageDigest d = sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file, NOFOLLOW)) {
            for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
