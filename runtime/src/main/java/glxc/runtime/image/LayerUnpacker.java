package glxc.runtime.image;

import glxc.runtime.kernel.Errno;
import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import glxc.runtime.api.GlxcException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Applies OCI image layers (tar, optionally gzip) in order onto a root folder, as the image spec says:
 * {@code .wh.NAME} removes NAME from the layers below, {@code .wh..wh..opq} empties its folder of what
 * the layers below put there. Safety: every entry's folder is resolved inside the root (symlinks followed
 * but clamped there, {@link InRoot}), an entry with ".." is refused, a hardlink's target is a path in the
 * root too, owners and modes are set by path without opening, a folder's time is set after the layer
 * through a descriptor of that same folder, and device nodes are not made (a container's /dev is made at
 * start; they are reported).
 */
public final class LayerUnpacker {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    static {
        Native.register(LayerUnpacker.class, "c");
    }

    private static native int lchown(String path, int uid, int gid) throws LastErrorException;

    private static native int chmod(String path, int mode) throws LastErrorException;

    private static native int mkfifo(String path, int mode) throws LastErrorException;

    private static native int lsetxattr(String path, String name, byte[] value, long size, int flags) throws LastErrorException;

    private static native int utimensat(int dirfd, String path, long[] times, int flags) throws LastErrorException;

    private final Path root;
    private final Consumer<String> warn;
    private final Set<String> madeByThisLayer = new HashSet<>();

    public LayerUnpacker(Path root, Consumer<String> warn) {
        this.root = root;
        this.warn = warn;
    }

    /** A folder entry's time, set once the layer is applied (its children change it until then). */
    private record DirTime(String rel, Fds.FileId id, long mtime) {}

    /** Applies the layer in a file; layerName names it in errors. */
    public void apply(Path blob, String layerName) {
        try (InputStream in = Files.newInputStream(blob)) {
            apply(in, layerName);
        } catch (IOException e) {
            throw new GlxcException("layer " + layerName + ": " + e.getMessage(), e);
        }
    }

    /**
     * Applies one layer read from blob, and reads blob to its end (a stream that checks a digest at its end,
     * as {@link OciImage#layer} returns, is thus checked). If the layer cannot be applied, the rest of blob
     * is read first: a blob that is not what its digest says is reported as that.
     */
    public void apply(InputStream blob, String layerName) {
        madeByThisLayer.clear();
        Map<Fds.FileId, DirTime> dirTimes = new LinkedHashMap<>();
        try (InputStream raw = new BufferedInputStream(blob, 1 << 16);
             XattrTarInput tar = new XattrTarInput(maybeGzip(raw))) {
            try {
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) entry(tar, e, layerName, dirTimes);
                for (DirTime d : dirTimes.values()) setDirTime(d);
            } catch (IOException | RuntimeException e) {
                try {
                    raw.transferTo(OutputStream.nullOutputStream());
                } catch (IOException corrupt) {
                    corrupt.addSuppressed(e);
                    throw corrupt;
                }
                throw e;
            }
            raw.transferTo(OutputStream.nullOutputStream());   // the tar's end blocks and the gzip trailer are the blob's too
        } catch (IOException e) {
            throw new GlxcException("layer " + layerName + ": " + e.getMessage(), e);
        } catch (LastErrorException e) {
            throw new GlxcException("layer " + layerName + ": " + Errno.describe(e.getErrorCode()), e);
        }
    }

    /**
     * Sets a folder's time through a descriptor of the folder the entry made: its path is resolved inside
     * the root again and opened without following, and the time is set only if that is still the same
     * folder. A later entry of the layer (a link where a folder on the path was) can thus neither send the
     * time to another folder of the rootfs nor out of it.
     */
    private void setDirTime(DirTime d) throws IOException {
        Path p = InRoot.resolveParent(root, d.rel());
        if (!p.startsWith(root)) return;
        int fd;
        try {
            fd = Fds.open(p.toString(), Fds.O_PATH | Fds.O_DIRECTORY | Fds.O_NOFOLLOW | Fds.O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            return;   // no longer a folder there: a later entry replaced it or a folder on its path
        }
        try {
            if (Fds.stat(fd).id().equals(d.id())) Fds.setTimes(fd, d.mtime());
        } finally {
            Fds.close(fd);
        }
    }

    private static InputStream maybeGzip(InputStream in) throws IOException {
        in.mark(2);
        int a = in.read(), b = in.read();
        in.reset();
        if (a == 0x1f && b == 0x8b) return new GZIPInputStream(in, 1 << 16);
        if (a == 0x28 && b == 0xb5) throw new IOException("zstd-compressed layers are not supported yet (gzip and plain tar are)");
        return in;
    }

    /** The entry's path relative to the root, or an error for one that tries to climb out. */
    static String clean(String name, String layerName) {
        String n = name;
        while (n.startsWith("./")) n = n.substring(2);
        while (n.startsWith("/")) n = n.substring(1);
        n = n.replaceAll("/+$", "");
        for (String part : n.split("/"))
            if (part.equals("..")) throw new GlxcException("layer " + layerName + ": the entry '" + name + "' climbs out with '..': refused");
        return n;
    }

    private void entry(XattrTarInput tar, TarArchiveEntry e, String layerName, Map<Fds.FileId, DirTime> dirTimes) throws IOException {
        String longName = InRoot.tooLong(e.getName());
        if (longName != null) throw new GlxcException("layer " + layerName + ": the entry '" + InRoot.shorten(e.getName()) + "' " + longName + ": refused");
        String longTarget = e.isSymbolicLink() || e.isLink() ? InRoot.tooLong(e.getLinkName()) : null;
        if (longTarget != null)
            throw new GlxcException("layer " + layerName + ": the link target of the entry '" + InRoot.shorten(e.getName()) + "' " + longTarget + ": refused");
        String rel = clean(e.getName(), layerName);
        if (rel.isEmpty() || rel.equals(".")) return;
        String base = rel.substring(rel.lastIndexOf('/') + 1);
        if (base.startsWith(".wh.")) {
            whiteout(rel, base, layerName);
            return;
        }
        Path target = InRoot.resolveParent(root, rel);
        if (!target.startsWith(root)) throw new GlxcException("layer " + layerName + ": '" + e.getName() + "' resolves outside the root: refused");
        Path parent = target.getParent();
        if (!InRoot.isDirectory(parent)) Files.createDirectories(parent);
        if (e.isDirectory()) {
            if (!InRoot.isDirectory(target)) {
                removeIfPresent(target);
                Files.createDirectory(target);
            }
        } else {
            removeIfPresent(target);
            if (e.isSymbolicLink()) {
                Files.createSymbolicLink(target, Path.of(e.getLinkName()));
            } else if (e.isLink()) {
                Path source = InRoot.resolveParent(root, clean(e.getLinkName(), layerName));
                if (!source.startsWith(root) || !Files.exists(source, NOFOLLOW))
                    throw new GlxcException("layer " + layerName + ": the hardlink '" + e.getName() + "' points at '" + e.getLinkName() + "', which is not in the image");
                Files.createLink(target, source);
                madeByThisLayer.add(rel);
                return;   // a hardlink shares its target's inode: owner, mode and times are the target's
            } else if (e.isCharacterDevice() || e.isBlockDevice()) {
                warn.accept("skipped the device node /" + rel + " of layer " + layerName + " (a container's /dev is made at start)");
                return;
            } else if (e.isFIFO()) {
                mkfifo(target.toString(), 0600);
            } else if (e.isFile()) {
                Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
            } else {
                warn.accept("skipped /" + rel + " of layer " + layerName + " (tar type " + (char) e.getLinkFlag() + ")");
                return;
            }
        }
        madeByThisLayer.add(rel);
        lchown(target.toString(), (int) e.getLongUserId(), (int) e.getLongGroupId());
        if (!e.isSymbolicLink()) chmod(target.toString(), e.getMode() & 07777);
        for (Map.Entry<String, byte[]> x : tar.xattrs().entrySet()) setXattr(target, rel, x.getKey(), x.getValue(), layerName);
        long mtime = e.getModTime().getTime() / 1000;
        if (e.isDirectory()) {
            Fds.FileId id = Fds.lstat(target.toString()).id();
            dirTimes.remove(id);   // a folder listed again: its last entry's time
            dirTimes.put(id, new DirTime(rel, id, mtime));
        } else {
            utimensat(-100, target.toString(), new long[]{mtime, 0, mtime, 0}, 0x100);
        }
    }

    /**
     * The extended attributes an image may set: user.* (but user.overlay.*, which a user-xattr overlayfs
     * would take as its own whiteouts and redirects), file capabilities and POSIX ACLs. Others (trusted.*,
     * security.selinux, ...) are skipped with a warning.
     */
    static boolean imageMaySet(String xattr) {
        if (xattr.startsWith("user.overlay.")) return false;
        return xattr.startsWith("user.") || xattr.equals("security.capability")
                || xattr.equals("system.posix_acl_access") || xattr.equals("system.posix_acl_default");
    }

    private void setXattr(Path target, String rel, String name, byte[] value, String layerName) {
        if (!imageMaySet(name)) {
            warn.accept("skipped the xattr " + name + " of /" + rel + " in layer " + layerName
                    + " (an image may set user.* but user.overlay.*, security.capability and POSIX ACLs)");
            return;
        }
        try {
            lsetxattr(target.toString(), name, value, value.length, 0);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Errno.EPERM && e.getErrorCode() != Errno.EOPNOTSUPP)
                throw new GlxcException("layer " + layerName + ": cannot set the xattr " + name + " of /" + rel + ": " + Errno.describe(e.getErrorCode()), e);
            warn.accept("could not set the xattr " + name + " of /" + rel + " in layer " + layerName + ": " + Errno.describe(e.getErrorCode()));
        }
    }

    private void whiteout(String rel, String base, String layerName) throws IOException {
        String gone = base.substring(".wh.".length());
        if (!base.equals(".wh..wh..opq") && (gone.isEmpty() || gone.equals(".") || gone.equals("..")))
            throw new GlxcException("layer " + layerName + ": the whiteout '" + rel + "' names no file (or '..'): refused");
        String dirRel = rel.contains("/") ? rel.substring(0, rel.lastIndexOf('/')) : "";
        Path dir = dirRel.isEmpty() ? root : InRoot.resolve(root, dirRel);
        if (!dir.startsWith(root) || !InRoot.isDirectory(dir)) return;
        if (base.equals(".wh..wh..opq")) {
            try (var children = Files.list(dir)) {
                for (Path c : children.toList()) {
                    String childRel = root.relativize(c).toString();
                    if (!madeByThisLayer.contains(childRel)) removeIfPresent(c);
                }
            }
        } else {
            removeIfPresent(dir.resolve(gone));
        }
    }

    private static void removeIfPresent(Path p) throws IOException {
        if (!Files.exists(p, NOFOLLOW)) return;
        if (Files.isDirectory(p, NOFOLLOW)) {
            try (var children = Files.list(p)) {
                for (Path c : children.toList()) removeIfPresent(c);
            }
        }
        Files.delete(p);
    }
}
