package glxc.runtime.build;

import glxc.runtime.image.InRoot;
import glxc.runtime.storage.FileTrees;
import glxc.runtime.storage.LayerStore;
import glxc.runtime.storage.MergedView;
import glxc.runtime.storage.OverlayMarkers;
import glxc.runtime.storage.RootfsSource;
import glxc.runtime.storage.TreeDigest;
import glxc.runtime.store.Staging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

/**
 * Copy and file steps, made on the host (no container). What a copy takes is first staged: read once from
 * the build context (the script's folder; a path that leaves it, through .. or a link, is refused) or from
 * another image's result, links copied as links and never followed, everything owned by root (Docker's
 * COPY) with its mode and no xattrs. The step's key is the digest of that staged tree, so key and layer
 * agree by construction and a file edited during the build cannot slip in between. The staged content is
 * then written into the image through a writable overlay of its layers: the destination is resolved
 * inside the image (its links followed as the container would), the folders above are copied up as the
 * image has them, and the overlay's upper becomes the layer.
 */
public final class ContextFiles {
    private ContextFiles() {}

    /**
     * A copy step done whole, for a composed template's build container (stopped between its steps): c's
     * source staged, then written into the overlay of below under upper (work beside it).
     */
    public static void copyInto(ImageRecipe recipe, BuildStep.Copy c, List<LayerStore.Layer> below, Path upper, Path work, Images images) {
        Path staging = Staging.begin(images.layers().root(), "copy-" + recipe.name());
        try {
            Path staged = staging.resolve("staged");
            Files.createDirectory(staged);
            Files.createDirectories(work);
            stage(recipe, c, images, staged);
            place(recipe, c, staged, ImageConfig.EMPTY, below, upper, work);
        } catch (IOException e) {
            throw new BuildException(recipe.name(), c.where(), "copy: " + e.getMessage());
        } finally {
            FileTrees.delete(staging);
        }
    }

    /** Stages what c copies into staged/content; returns the key input (the staged tree's digest). */
    static String stage(ImageRecipe recipe, BuildStep.Copy c, Images images, Path staged) throws IOException {
        Path content = staged.resolve("content");
        if (c.fromImage() == null) {
            copyEntryTree(source(recipe, c), content);
        } else {
            List<LayerStore.Layer> other = images.layersOf(images.get(c.fromImage()));
            MergedView.with(new RootfsSource.Overlay(other.subList(1, other.size()).stream().map(LayerStore.Layer::rootfs).toList(),
                    other.get(0).rootfs()), root -> {
                try {
                    Path inside = InRoot.resolve(root, c.from().toString().replaceFirst("^/+", ""));
                    if (!inside.startsWith(root) || !Files.exists(inside, LinkOption.NOFOLLOW_LINKS))
                        throw new BuildException(recipe.name(), c.where(), "copy: image '" + c.fromImage() + "' has no " + c.from());
                    copyEntryTree(inside, content);
                    return null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return TreeDigest.of(staged);   // the staged root entry counts: a folder's own mode is in the key
    }

    /** Writes the staged content to c's destination in the image; the changes land in upper. */
    static void place(ImageRecipe recipe, BuildStep.Copy c, Path staged, ImageConfig config, List<LayerStore.Layer> below, Path upper, Path work) {
        Path content = staged.resolve("content");
        boolean dir = Files.isDirectory(content, LinkOption.NOFOLLOW_LINKS);
        String to = config.resolve(c.to());
        inImage(below, upper, work, root -> {
            Path dest = InRoot.resolve(root, to.substring(1));
            if (!dest.startsWith(root)) throw new BuildException(recipe.name(), c.where(), "copy: " + c.to() + " leads out of the image");
            if (dir) {   // a folder's contents go into the destination (its own mode is the image's, or 0755 if new)
                makeDirs(root, dest);
                for (Path child : children(content)) copyEntryTree(child, dest.resolve(child.getFileName().toString()));
            } else {
                // a file onto an existing folder (or to a path ending in /) goes into it, as Docker's COPY does
                boolean into = c.to().endsWith("/") || Files.isDirectory(dest);
                Path target = into ? dest.resolve(sourceName(recipe, c)) : dest;
                makeDirs(root, target.getParent());
                copyEntryTree(content, target);
            }
            return null;
        });
        OverlayMarkers.strip(upper);
    }

    static void write(ImageRecipe recipe, BuildStep.File f, ImageConfig config, List<LayerStore.Layer> below, Path upper, Path work) {
        String target = config.resolve(f.path());
        inImage(below, upper, work, root -> {
            Path dest = InRoot.resolveParent(root, target.substring(1));
            if (!dest.startsWith(root)) throw new BuildException(recipe.name(), f.where(), "file: " + f.path() + " leads out of the image");
            if (Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) throw new BuildException(recipe.name(), f.where(), "file: " + f.path() + " is a folder in the image");
            makeDirs(root, dest.getParent());
            Files.deleteIfExists(dest);   // a link there is replaced, never written through
            Files.writeString(dest, f.content());
            Files.setPosixFilePermissions(dest, permissions(f.mode()));
            rootOwns(dest);
            return null;
        });
        OverlayMarkers.strip(upper);
    }

    private interface InImage {
        Void apply(Path root) throws IOException;
    }

    private static void inImage(List<LayerStore.Layer> below, Path upper, Path work, InImage fn) {
        MergedView.writable(below.stream().map(LayerStore.Layer::rootfs).toList(), upper, work, root -> {
            try {
                return fn.apply(root);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The folders down to dir that the image lacks, made root's and 0755 (those it has keep what they are). */
    private static void makeDirs(Path root, Path dir) throws IOException {
        if (dir.equals(root) || Files.isDirectory(dir)) return;
        makeDirs(root, dir.getParent());
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, permissions(0755));
        rootOwns(dir);
    }

    private static String sourceName(ImageRecipe recipe, BuildStep.Copy c) {
        Path name = c.from().getFileName();
        return name == null ? recipe.name() : name.toString();
    }

    /** The source in the build context; leaving it (.., an absolute path, a link anywhere on the way) is refused. */
    private static Path source(ImageRecipe recipe, BuildStep.Copy c) {
        Path context = recipe.script().toAbsolutePath().getParent();
        Path source = context.resolve(c.from()).normalize();
        try {
            Path realContext = context.toRealPath();
            Path rel = context.relativize(source);
            if (!source.startsWith(context) || rel.startsWith(".."))
                throw new BuildException(recipe.name(), c.where(), "copy: " + c.from() + " leaves the build context " + context);
            Path walked = realContext;
            for (Path part : rel) {   // every name on the way, not followed
                walked = walked.resolve(part.toString());
                if (Files.isSymbolicLink(walked) && !walked.equals(realContext.resolve(rel)))
                    throw new BuildException(recipe.name(), c.where(), "copy: " + c.from() + " goes through a link (" + realContext.relativize(walked)
                            + "), which could leave the build context");
            }
            if (!Files.exists(walked, LinkOption.NOFOLLOW_LINKS)) throw new IOException("missing");
            if (Files.isSymbolicLink(walked) && !walked.toRealPath().startsWith(realContext))
                throw new BuildException(recipe.name(), c.where(), "copy: " + c.from() + " leaves the build context " + context);
            return walked;
        } catch (IOException e) {
            throw new BuildException(recipe.name(), c.where(), "copy: " + c.from() + " does not exist in " + context);
        }
    }

    /** Copies from (a file, link or folder) to to, never following a link, replacing what is there; everything root's, modes kept, no xattrs. */
    private static void copyEntryTree(Path from, Path to) throws IOException {
        if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                    Path out = to.resolve(from.relativize(d).toString());
                    if (Files.exists(out, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) Files.delete(out);
                    Files.createDirectories(out);
                    copyMode(d, out);
                    rootOwns(out);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                    copyEntry(f, to.resolve(from.relativize(f).toString()));
                    return FileVisitResult.CONTINUE;
                }
            });
        } else {
            copyEntry(from, to);
        }
    }

    private static void copyEntry(Path from, Path to) throws IOException {
        if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) FileTrees.delete(to);
        else Files.deleteIfExists(to);   // a link there is replaced, never written through
        if (Files.isSymbolicLink(from)) {
            Files.createSymbolicLink(to, Files.readSymbolicLink(from));
        } else if (Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
            Files.copy(from, to, LinkOption.NOFOLLOW_LINKS);
            copyMode(from, to);
        } else {
            return;   // sockets, fifos and devices are not part of a build context
        }
        rootOwns(to);
    }

    private static void copyMode(Path from, Path to) throws IOException {
        Files.setAttribute(to, "unix:mode", (Integer) Files.getAttribute(from, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
    }

    private static List<Path> children(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static void rootOwns(Path p) throws IOException {
        Files.setAttribute(p, "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", 0, LinkOption.NOFOLLOW_LINKS);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = java.util.EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) if ((mode & (1 << i)) != 0) out.add(bits[i]);
        return out;
    }
}
