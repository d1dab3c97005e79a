package glxc.runtime.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves a path inside a root directory the way openat2(RESOLVE_IN_ROOT) does: symlinks are followed,
 * but an absolute link starts again at the root and ".." never climbs above it, so no link in an image
 * (etc -> /etc, x -> ../../..) can lead a write out of the rootfs.
 */
public final class InRoot {
    private static final int MAX_LINKS = 40;

    private InRoot() {}

    /** The host path of rel inside root with every component followed, the last one included. */
    public static Path resolve(Path root, String rel) throws IOException {
        return walk(root, rel, true);
    }

    /** The host path of rel's parent folder resolved inside root, joined with rel's last name (not followed). */
    public static Path resolveParent(Path root, String rel) throws IOException {
        String clean = rel.replaceAll("/+$", "");
        int slash = clean.lastIndexOf('/');
        Path parent = slash < 0 ? root : walk(root, clean.substring(0, slash), true);
        return parent.resolve(clean.substring(slash + 1));
    }

    private static Path walk(Path root, String rel, boolean followLast) throws IOException {
        Deque<String> todo = new ArrayDeque<>();
        push(todo, rel);
        Deque<String> done = new ArrayDeque<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (name.isEmpty() || name.equals(".")) continue;
            if (name.equals("..")) {
                if (!done.isEmpty()) done.removeLast();
                continue;
            }
            Path here = join(root, done).resolve(name);
            if (Files.isSymbolicLink(here) && (followLast || !todo.isEmpty())) {
                if (++links > MAX_LINKS) throw new IOException("too many levels of symbolic links under " + root + " at " + rel);
                String target = Files.readSymbolicLink(here).toString();
                if (target.startsWith("/")) done.clear();
                push(todo, target);
                continue;
            }
            done.addLast(name);
        }
        return join(root, done);
    }

    private static void push(Deque<String> todo, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) todo.push(parts[i]);
    }

    private static Path join(Path root, Deque<String> names) {
        Path p = root;
        for (String n : names) p = p.resolve(n);
        return p;
    }

    static boolean isDirectory(Path p) {
        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    }
}
