package glxc.runtime.build;

import glxc.runtime.api.GlxcException;
import glxc.runtime.storage.LayerStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What changed between two steps of an image: the layers the later one has and the earlier one lacks,
 * read entry by entry. A path they write is "added" (absent at the earlier step) or "changed"; an overlay
 * whiteout (a 0/0 character device) is "removed".
 */
public final class ImageDiff {
    public record Change(String kind, String path) {}

    private ImageDiff() {}

    public static List<Change> between(Images images, BuildRecord r, int from, int to) {
        StepResult a;
        StepResult b;
        try {
            a = r.step(Math.min(from, to));
            b = r.step(Math.max(from, to));
        } catch (IllegalArgumentException e) {
            throw new GlxcException(e.getMessage());
        }
        List<LayerStore.Layer> before = new ArrayList<>();
        for (String d : a.layers()) before.add(layer(images, r, d));
        TreeMap<String, String> changes = new TreeMap<>();
        List<String> added = new ArrayList<>(b.layers());
        added.removeAll(a.layers());
        java.util.Collections.reverse(added);   // lowest first: a later layer's word wins
        for (String d : added) {
            Path root = layer(images, r, d).rootfs();
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.skip(1).toList()) {
                    String rel = "/" + root.relativize(p);
                    boolean whiteout = isWhiteout(p);
                    if (whiteout) changes.put(rel, "removed");
                    else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || !existsIn(before, rel))
                        changes.put(rel, existsIn(before, rel) ? "changed" : "added");
                }
            } catch (IOException e) {
                throw new GlxcException("cannot read the layer " + d + ": " + e.getMessage(), e);
            }
        }
        List<Change> out = new ArrayList<>();
        changes.forEach((path, kind) -> out.add(new Change(kind, path)));
        return out;
    }

    private static LayerStore.Layer layer(Images images, BuildRecord r, String digest) {
        return images.layers().find(digest).orElseThrow(() -> new GlxcException("image '" + r.name() + "': its layer " + digest
                + " is gone from " + images.layers().root() + ": build it again"));
    }

    private static boolean existsIn(List<LayerStore.Layer> layers, String rel) {
        for (LayerStore.Layer l : layers) {
            Path p = l.rootfs().resolve(rel.substring(1));
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return !isWhiteout(p);
        }
        return false;
    }

    private static boolean isWhiteout(Path p) {
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & 0170000) == 0020000 && (Long) Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS) == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
