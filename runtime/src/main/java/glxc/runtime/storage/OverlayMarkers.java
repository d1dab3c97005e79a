package glxc.runtime.storage;

import glxc.runtime.api.GlxcException;
import glxc.runtime.kernel.Errno;
import com.sun.jna.LastErrorException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Overlayfs's own bookkeeping in an upper: the origin, impure, nlink, uuid and upper attributes name this
 * machine's file handles and inode numbers, so two uppers with the same files differ by them. They are
 * removed from an upper that becomes a layer (overlay recomputes what it needs); opaque folders and
 * redirects carry meaning and stay, as do whiteouts.
 */
public final class OverlayMarkers {
    private static final List<String> BOOKKEEPING = List.of("origin", "impure", "nlink", "uuid", "upper");

    private OverlayMarkers() {}

    public static void strip(Path upper) {
        try (Stream<Path> walk = Files.walk(upper)) {
            for (Path p : walk.toList()) {
                for (String name : Xattrs.of(p).keySet()) {
                    String bare = name.replaceFirst("^(trusted|user)\\.overlay\\.", "");
                    if (bare.equals(name) || !BOOKKEEPING.contains(bare)) continue;
                    try {
                        FsLibc.lremovexattr(p.toString(), name);
                    } catch (LastErrorException e) {
                        throw new GlxcException("cannot remove " + name + " from " + p + ": " + Errno.describe(e.getErrorCode()), e);
                    }
                }
            }
        } catch (IOException e) {
            throw new GlxcException("cannot read " + upper + ": " + e.getMessage(), e);
        }
    }
}
