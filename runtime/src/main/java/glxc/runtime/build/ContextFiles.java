package glxc.runtime.build;

import glxc.runtime.image.InRoot;
import glxc.runtime.storage.FileTrees;
import glxc.runtime.storage.LayerStore;
import glxc.runtime.storage.MergedView;
import glxc.runtime.storage.RootfsSource;
import glxc.runtime.storage.TreeDigest;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Copy and file steps, made on the host straight into the step's layer (no container): files come from
 * the build context (the script's folder; a path that leaves it, through .. or a link, is refused) or
 * from another image's result, links are copied as links and never followed, everything is owned by
 * root (Docker's COPY) and keeps its mode. Folders above the target take the mode and owner the image
 * already gives them, so the layer changes nothing but what the step writes.
 */
final class ContextFiles {
    private ContextFiles() {}

    /** The key input of a copy: the contents of what it copies (not their paths' times). */
    static String digest(ImageRecipe recipe, BuildStep.Copy c, Images images) {
        if (c.fromImage() != null) return "image " + images.get(c.fromImage()).current().key() + " " + c.from();
        Path source = source(recipe, c);
        if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) return "dir " + TreeDigest.of(source);
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("glxc-copy-digest-");
            Files.copy(source, tmp.resolve("f"), LinkOption.NOFOLLOW_LINKS);
            return "file " + TreeDigest.of(tmp);
        } catch (IOException e) {
            throw new BuildException(recipe.name(), c.where(), "copy: cannot read " + source + ": " + e.getMessage());
        } finally {
            if (tmp != null) FileTrees.delete(tmp);
        }
    }

    static void copy(ImageRecipe recipe, BuildStep.Copy c, ImageConfig config, List<LayerStore.Layer> below, Path tree, Images images) throws IOException {
        if (c.fromImage() == null) {
            place(recipe, c, source(recipe, c), config, below, tree);
            return;
        }
        List<LayerStore.Layer> other = images.layersOf(images.get(c.fromImage()));
        Function<Path, Void> fromView = root -> {
            try {
                Path inside = InRoot.resolve(root, c.from().toString().replaceFirst("^/+", ""));
                if (!inside.startsWith(root) || !Files.exists(inside, LinkOption.NOFOLLOW_LINKS))
                    throw new BuildException(recipe.name(), c.where(), "copy: image '" + c.fromImage() + "' has no " + c.from());
                place(recipe, c, inside, config, below, tree);
                return null;
            } catch (IOException e) {
                throw new BuildException(recipe.name(), c.where(), "copy: " + e.getMessage());
            }
        };
        if (other.size() == 1) fromView.apply(other.get(0).rootfs());
        else MergedView.with(new RootfsSource.Overlay(other.subList(1, other.size()).stream().map(LayerStore.Layer::rootfs).toList(),
                other.get(0).rootfs()), fromView);
    }

    private static void place(ImageRecipe recipe, BuildStep.Copy c, Path source, ImageConfig config, List<LayerStore.Layer> below, Path tree) throws IOException {
        String to = config.resolve(c.to());
        boolean dir = Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS);
        String target = dir || !c.to().endsWith("/") ? to : to + "/" + source.getFileName();
        Path dest = tree.resolve(target.substring(1));
        makeParents(tree, target, below, dir);
        if (!dir) {
            copyEntry(source, dest);
            return;
        }
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                Path out = dest.resolve(source.relativize(d).toString());
                if (!Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) Files.createDirectory(out);
                Files.setPosixFilePermissions(out, Files.getPosixFilePermissions(d, LinkOption.NOFOLLOW_LINKS));
                rootOwns(out);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                copyEntry(f, dest.resolve(source.relativize(f).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The source in the build context; leaving it (.., an absolute path, a link anywhere on the way) is refused. */
    private static Path source(ImageRecipe recipe, BuildStep.Copy c) {
        Path context = recipe.script().toAbsolutePath().getParent();
        Path source = context.resolve(c.from()).normalize();
        try {
            Path realContext = context.toRealPath();
            if (!source.startsWith(context) || !source.toRealPath().startsWith(realContext))
                throw new BuildException(recipe.name(), c.where(), "copy: " + c.from() + " leaves the build context " + context);
            if (!source.getParent().toRealPath().resolve(source.getFileName()).equals(realContext.resolve(context.relativize(source))))
                throw new BuildException(recipe.name(), c.where(), "copy: " + c.from() + " goes through a link; give the path it points at");
        } catch (IOException e) {
            throw new BuildException(recipe.name(), c.where(), "copy: " + c.from() + " does not exist in " + context);
        }
        return source;
    }

    static void write(BuildStep.File f, ImageConfig config, List<LayerStore.Layer> below, Path tree) throws IOException {
        String target = config.resolve(f.path());
        Path dest = tree.resolve(target.substring(1));
        makeParents(tree, target, below, false);
        Files.writeString(dest, f.content());
        Files.setPosixFilePermissions(dest, permissions(f.mode()));
        rootOwns(dest);
    }

    private static void copyEntry(Path from, Path to) throws IOException {
        if (Files.isSymbolicLink(from)) {
            Files.createSymbolicLink(to, Files.readSymbolicLink(from));
        } else if (Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from, LinkOption.NOFOLLOW_LINKS));
        } else {
            return;   // sockets, fifos and devices are not part of a build context
        }
        rootOwns(to);
    }

    /** The folders above target, as the layers below have them (mode, owner), else root's 0755. */
    private static void makeParents(Path tree, String target, List<LayerStore.Layer> below, boolean includeTarget) throws IOException {
        String[] parts = target.substring(1).split("/");
        StringBuilder rel = new StringBuilder();
        for (int i = 0; i < parts.length - (includeTarget ? 0 : 1); i++) {
            if (rel.length() > 0) rel.append('/');
            rel.append(parts[i]);
            Path out = tree.resolve(rel.toString());
            if (Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) continue;
            Files.createDirectory(out);
            Path existing = null;
            for (LayerStore.Layer l : below) {
                Path p = l.rootfs().resolve(rel.toString());
                if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) { existing = p; break; }
            }
            if (existing != null && Files.isDirectory(existing, LinkOption.NOFOLLOW_LINKS)) {
                Files.setPosixFilePermissions(out, Files.getPosixFilePermissions(existing, LinkOption.NOFOLLOW_LINKS));
                Files.setAttribute(out, "unix:uid", Files.getAttribute(existing, "unix:uid", LinkOption.NOFOLLOW_LINKS), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(out, "unix:gid", Files.getAttribute(existing, "unix:gid", LinkOption.NOFOLLOW_LINKS), LinkOption.NOFOLLOW_LINKS);
            } else {
                Files.setPosixFilePermissions(out, permissions(0755));
                rootOwns(out);
            }
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
