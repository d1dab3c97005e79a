package glxc.runtime.template;

import glxc.runtime.image.InRoot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/** An image's "user[:group]" (names or numbers) as ids, names looked up in the image's own passwd and group files. */
final class Users {
    private Users() {}

    static int[] resolve(Path rootfs, String spec, TemplateContext ctx) {
        String[] ug = spec.split(":", 2);
        int uid, gid;
        String[] pw = ug[0].matches("\\d+") ? null : entry(inRoot(rootfs, "etc/passwd"), ug[0], ctx);
        uid = pw == null ? Integer.parseInt(ug[0]) : Integer.parseInt(pw[2]);
        if (ug.length > 1) {
            String[] gr = ug[1].matches("\\d+") ? null : entry(inRoot(rootfs, "etc/group"), ug[1], ctx);
            gid = gr == null ? Integer.parseInt(ug[1]) : Integer.parseInt(gr[2]);
        } else {
            String[] byId = pw != null ? pw : null;
            gid = byId != null ? Integer.parseInt(byId[3]) : uid;
        }
        return new int[]{uid, gid};
    }

    /** The image's file, never a host file an image's symlink points at. */
    private static Path inRoot(Path rootfs, String rel) {
        try {
            Path p = InRoot.resolve(rootfs, rel);
            return p.startsWith(rootfs) ? p : rootfs.resolve(rel);
        } catch (IOException e) {
            return rootfs.resolve(rel);
        }
    }

    private static String[] entry(Path file, String name, TemplateContext ctx) {
        try {
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                List<String> lines = Files.readAllLines(file);
                for (String l : lines) {
                    String[] f = l.split(":");
                    if (f.length >= 3 && f[0].equals(name)) return f;
                }
            }
        } catch (IOException e) {
            // reported below
        }
        throw new TemplateException(ctx.name(), "oci", "the image's user '" + name + "' is not in its " + file.getFileName());
    }
}
