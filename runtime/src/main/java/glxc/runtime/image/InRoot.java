package glxc.runtime.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves a path inside a root directory the way openat2(RESOLVE_IN_ROOT) does: symlinks are followed,
 * but an absolute link starts again at the root and ".." never climbs above it, so no link in an image
 * (etc -> /etc, x -> ../../..) can lead a write out of the rootfs. The walk goes one name at a time from
 * where it is (each name costs one lstat); a path, a link's target and what a path resolves to are held to
 * Linux's PATH_MAX (4096 bytes) and to 1024 names, so no path in an image can make the walk long.
 */
public final class InRoot {
    public static final int MAX_BYTES = 4096, MAX_NAMES = 1024;
    private static final int MAX_LINKS = 40;

    private InRoot() {}

    /** The host path of rel inside root with every component followed, the last one included. */
    public static Path resolve(Path root, String rel) throws IOException {
        return walk(root, rel, true);
    }

    /** The host path of rel's parent folder resolved inside root, joined with rel's last name (not followed). */
    public static Path resolveParent(Path root, String rel) throws IOException {
        refuseLong(root, rel, "the path");
        int end = rel.length();
        while (end > 0 && rel.charAt(end - 1) == '/') end--;
        String clean = rel.substring(0, end);
        int slash = clean.lastIndexOf('/');
        Path parent = slash < 0 ? root : walk(root, clean.substring(0, slash), true);
        return parent.resolve(clean.substring(slash + 1));
    }

    /** Why path is too long to resolve (more than 4096 bytes or more than 1024 names), or null if it is not. */
    public static String tooLong(String path) {
        int bytes = path.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) return "is " + bytes + " bytes long (at most " + MAX_BYTES + ")";
        int names = 0;
        for (int i = 0; i < path.length(); i++)
            if (path.charAt(i) != '/' && (i == 0 || path.charAt(i - 1) == '/')) names++;
        return names > MAX_NAMES ? "has " + names + " names (at most " + MAX_NAMES + ")" : null;
    }

    /** path for an error message: its first 64 characters, and its length if it is longer. */
    public static String shorten(String path) {
        return path.length() <= 64 ? path : path.substring(0, 64) + "... (" + path.length() + " characters)";
    }

    private static void refuseLong(Path root, String path, String what) throws IOException {
        String why = tooLong(path);
        if (why != null) throw new IOException(what + " '" + shorten(path) + "' under " + root + " " + why);
    }

    private static Path walk(Path root, String rel, boolean followLast) throws IOException {
        refuseLong(root, rel, "the path");
        Deque<String> todo = new ArrayDeque<>();
        push(todo, rel);
        Deque<Path> walked = new ArrayDeque<>();   // the host path after each name kept; the last is where the walk is
        Path here = root;
        int rootLength = root.toString().length();
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (name.isEmpty() || name.equals(".")) continue;
            if (name.equals("..")) {
                if (!walked.isEmpty()) walked.removeLast();
                here = walked.isEmpty() ? root : walked.peekLast();
                continue;
            }
            Path next = here.resolve(name);
            if (next.toString().length() - rootLength > MAX_BYTES)
                throw new IOException("the path '" + shorten(rel) + "' under " + root + " resolves to a path of more than " + MAX_BYTES + " characters");
            if ((followLast || !todo.isEmpty()) && Files.isSymbolicLink(next)) {
                if (++links > MAX_LINKS) throw new IOException("too many levels of symbolic links under " + root + " at " + shorten(rel));
                String target = Files.readSymbolicLink(next).toString();
                refuseLong(root, target, "the link target");
                if (target.startsWith("/")) {
                    walked.clear();
                    here = root;
                }
                push(todo, target);
                continue;
            }
            walked.addLast(next);
            here = next;
        }
        return here;
    }

    private static void push(Deque<String> todo, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) todo.push(parts[i]);
    }

    static boolean isDirectory(Path p) {
        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    }
}
