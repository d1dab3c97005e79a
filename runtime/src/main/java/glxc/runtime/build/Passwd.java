package glxc.runtime.build;

import glxc.runtime.storage.LayerStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/** A user "name[:group]" or "uid[:gid]" as ids, names read from the image's own /etc/passwd and /etc/group (its topmost copy). */
final class Passwd {
    private Passwd() {}

    static int[] resolve(List<LayerStore.Layer> layers, String spec, String image, String where) {
        String[] ug = spec.split(":", 2);
        String[] pw = ug[0].matches("\\d+") ? null : entry(layers, "etc/passwd", ug[0], image, where);
        int uid = pw == null ? Integer.parseInt(ug[0]) : Integer.parseInt(pw[2]);
        int gid;
        if (ug.length > 1) {
            String[] gr = ug[1].matches("\\d+") ? null : entry(layers, "etc/group", ug[1], image, where);
            gid = gr == null ? Integer.parseInt(ug[1]) : Integer.parseInt(gr[2]);
        } else {
            gid = pw == null ? uid : Integer.parseInt(pw[3]);
        }
        return new int[] {uid, gid};
    }

    private static String[] entry(List<LayerStore.Layer> layers, String file, String name, String image, String where) {
        for (LayerStore.Layer l : layers) {
            Path p = l.rootfs().resolve(file);
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) continue;
            try {
                for (String line : Files.readAllLines(p)) {
                    String[] f = line.split(":");
                    if (f.length >= 4 && f[0].equals(name)) return f;
                }
            } catch (IOException e) {
                throw new BuildException(image, where, "cannot read /" + file + ": " + e.getMessage());
            }
            break;   // the topmost copy is the image's
        }
        throw new BuildException(image, where, "user: no '" + name + "' in the image's /" + file);
    }
}
