package glxc.runtime.storage;

import glxc.runtime.api.GlxcException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The content digest of a directory tree, independent of where it lies and when it was written: every
 * entry in byte order of its path, with its type, mode, owner, size, link target or device number, and
 * the SHA-256 of its data. Times are left out, so the same files give the same digest.
 */
public final class TreeDigest {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private TreeDigest() {}

    public static String of(Path root) {
        MessageDigest tree = sha256();
        try {
            walk(root, root, tree);
        } catch (IOException e) {
            throw new GlxcException("cannot read " + root + " to digest it: " + e.getMessage(), e);
        }
        return "sha256-" + HexFormat.of().formatHex(tree.digest());
    }

    private static void walk(Path root, Path dir, MessageDigest tree) throws IOException {
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted((a, b) -> compareBytes(a.getFileName().toString(), b.getFileName().toString())).toList();
        }
        for (Path p : entries) {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,rdev", NOFOLLOW);
            int mode = (Integer) a.get("mode");
            StringBuilder line = new StringBuilder(root.relativize(p).toString()).append('\0')
                    .append(Integer.toOctalString(mode)).append(' ').append(a.get("uid")).append(':').append(a.get("gid"));
            if (Files.isSymbolicLink(p)) line.append(" -> ").append(Files.readSymbolicLink(p));
            else if (Files.isRegularFile(p, NOFOLLOW)) line.append(' ').append(a.get("size")).append(' ').append(fileDigest(p));
            else if (!Files.isDirectory(p, NOFOLLOW)) line.append(" dev ").append(a.get("rdev"));
            tree.update(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
            if (Files.isDirectory(p, NOFOLLOW)) walk(root, p, tree);
        }
    }

    private static String fileDigest(Path file) throws IOException {
        MessageDigest d = sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file, NOFOLLOW)) {
            for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static int compareBytes(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
