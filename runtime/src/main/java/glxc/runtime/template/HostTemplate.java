package glxc.runtime.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An application container that sees the host's programs read-only: /usr and the /bin, /sbin, /lib*
 * folders are bind-mounted read-only (or recreated as the same symlinks on a merged-/usr host), while
 * /etc, /tmp, /var, /root, /home and /run are the container's own.
 */
public final class HostTemplate implements Template {
    private static final List<String> SHARED = List.of("usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32");
    private static final List<String> ETC_FILES = List.of("passwd", "group", "hosts", "nsswitch.conf", "ld.so.cache",
            "ld.so.conf", "localtime", "os-release", "profile", "shells", "services", "protocols");

    @Override
    public String name() {
        return "host";
    }

    @Override
    public String description() {
        return "application container over the host's /usr, /bin, /sbin, /lib* (read-only) with its own /etc, /tmp, /var, /root";
    }

    @Override
    public void build(TemplateContext ctx) {
        List<String> config = new ArrayList<>();
        try {
            RootfsWriter fs = new RootfsWriter(ctx.rootfs());
            fs.dirs(0755, "etc", "dev", "proc", "sys", "run", "home", "var/log", "var/lib", "var/cache", "mnt");
            fs.dirs(0700, "root");
            fs.dirs(01777, "tmp", "var/tmp");
            for (String dir : SHARED) {
                Path host = Path.of("/", dir);
                if (Files.isSymbolicLink(host)) {
                    fs.symlink(dir, Files.readSymbolicLink(host).toString());
                } else if (Files.isDirectory(host)) {
                    fs.dirs(0755, dir);
                    config.add("lxc.mount.entry");
                    config.add("/" + dir + " " + dir + " none ro,bind,nodev 0 0");
                }
            }
            for (String f : ETC_FILES) {
                Path host = Path.of("/etc", f);
                if (Files.exists(host, LinkOption.NOFOLLOW_LINKS))
                    Files.copy(host, fs.path("etc/" + f), StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            }
            Path ldconf = Path.of("/etc/ld.so.conf.d");
            if (Files.isDirectory(ldconf)) {
                fs.dirs(0755, "etc/ld.so.conf.d");
                try (var s = Files.list(ldconf)) {
                    for (Path p : s.toList()) Files.copy(p, fs.path("etc/ld.so.conf.d/" + p.getFileName()), LinkOption.NOFOLLOW_LINKS);
                }
            }
            fs.file("etc/hostname", 0644, ctx.name() + "\n");
        } catch (IOException e) {
            throw new TemplateException(ctx.name(), name(), "cannot build the rootfs: " + e.getMessage());
        }
        config.addAll(List.of("lxc.mount.auto", "proc:mixed sys:ro", "lxc.init.cmd", "/bin/sh",
                "lxc.execute.cmd", "/bin/sh", "lxc.tty.max", "0", "lxc.pty.max", "64"));
        RootfsWriter.appendConfig(ctx.configFile(), config.toArray(String[]::new));
    }
}
