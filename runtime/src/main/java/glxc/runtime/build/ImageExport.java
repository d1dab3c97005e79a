package glxc.runtime.build;

import glxc.runtime.api.GlxcException;
import glxc.runtime.storage.LayerStore;
import glxc.runtime.storage.MergedView;
import glxc.runtime.storage.RootfsSource;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * An image's rootfs as a tarball that is the same bytes whenever the same image is exported: entries in
 * byte order of their paths, numeric owners with no names, times clamped to the build's SOURCE_DATE_EPOCH (no atime
 * or ctime), hardlinks as links, devices and fifos as such. The build record goes beside it
 * (FILE.provenance.json). Returns the tarball's sha256.
 */
public final class ImageExport {
    private ImageExport() {}

    public static String write(Images images, BuildRecord record, Path out) {
        List<LayerStore.Layer> layers = images.layersOf(record);
        long epoch = record.sourceDateEpoch();
        Path tmp = null;
        try {
            // fresh names in the target folder (never a name someone could have planted a link at), then renamed
            tmp = Files.createTempFile(out.toAbsolutePath().getParent(), "." + out.getFileName(), ".tmp");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (OutputStream file = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)), sha);
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                if (layers.isEmpty()) {
                    tar.finish();
                } else if (layers.size() == 1) {
                    new Walk(tar, epoch).tree(layers.get(0).rootfs());
                } else {
                    MergedView.with(new RootfsSource.Overlay(layers.subList(1, layers.size()).stream().map(LayerStore.Layer::rootfs).toList(),
                            layers.get(0).rootfs()), root -> {
                        try {
                            new Walk(tar, epoch).tree(root);
                            return null;
                        } catch (IOException e) {
                            throw new GlxcException("cannot export " + record.name() + ": " + e.getMessage(), e);
                        }
                    });
                }
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Path provenance = Files.createTempFile(out.toAbsolutePath().getParent(), "." + out.getFileName(), ".provenance.tmp");
            Files.writeString(provenance, RecordJson.write(record));
            Files.move(provenance, out.resolveSibling(out.getFileName() + ".provenance.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new GlxcException("cannot export image '" + record.name() + "' to " + out + ": " + e.getMessage(), e);
        } finally {
            try {
                if (tmp != null) Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the export's own error is the one to report
            }
        }
    }

    private static final class Walk {
        private final TarArchiveOutputStream tar;
        private final long epochMillis;
        private final Map<String, String> firstOfInode = new HashMap<>();

        Walk(TarArchiveOutputStream tar, long epoch) {
            this.tar = tar;
            this.epochMillis = epoch * 1000;
        }

        void tree(Path root) throws IOException {
            children(root, root);
            tar.finish();
        }

        private void children(Path root, Path dir) throws IOException {
            List<Path> entries = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                for (Path p : s) entries.add(p);
            }
            entries.sort((x, y) -> compareBytes(x.getFileName().toString(), y.getFileName().toString()));
            for (Path p : entries) {
                String name = root.relativize(p).toString();
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime,ino,dev,nlink,rdev", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) a.get("mode");
                int type = mode & 0170000;
                TarArchiveEntry e;
                boolean content = false;
                if (type == 0040000) e = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
                else if (type == 0120000) {
                    e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                    e.setLinkName(Files.readSymbolicLink(p).toString());
                } else if (type == 0100000 && (Integer) a.get("nlink") > 1 && firstOfInode.containsKey(a.get("dev") + ":" + a.get("ino"))) {
                    e = new TarArchiveEntry(name, TarConstants.LF_LINK);
                    e.setLinkName(firstOfInode.get(a.get("dev") + ":" + a.get("ino")));
                } else if (type == 0100000) {
                    e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
                    e.setSize((Long) a.get("size"));
                    content = true;
                    if ((Integer) a.get("nlink") > 1) firstOfInode.put(a.get("dev") + ":" + a.get("ino"), name);
                } else if (type == 0020000 || type == 0060000) {
                    e = new TarArchiveEntry(name, type == 0020000 ? TarConstants.LF_CHR : TarConstants.LF_BLK);
                    long rdev = (Long) a.get("rdev");
                    e.setDevMajor((int) ((rdev >> 8) & 0xfff | (rdev >> 32) & ~0xfff));
                    e.setDevMinor((int) (rdev & 0xff | (rdev >> 12) & ~0xff));
                } else if (type == 0010000) {
                    e = new TarArchiveEntry(name, TarConstants.LF_FIFO);
                } else {
                    continue;   // sockets do not travel
                }
                e.setMode(mode & 07777);
                e.setUserId((Integer) a.get("uid"));
                e.setGroupId((Integer) a.get("gid"));
                e.setUserName("");
                e.setGroupName("");
                long mtime = ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis();
                e.setModTime(Math.min(mtime, epochMillis) / 1000 * 1000);
                tar.putArchiveEntry(e);
                if (content) Files.copy(p, tar);
                tar.closeArchiveEntry();
                if (type == 0040000) children(root, p);
            }
        }

        private static int compareBytes(String x, String y) {
            byte[] a = x.getBytes(java.nio.charset.StandardCharsets.UTF_8), b = y.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return java.util.Arrays.compareUnsigned(a, b);
        }
    }
}
