package glxc.runtime.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A system container from the host's static busybox, laid out like LXC's busybox template: busybox
 * init as PID 1 (halts on SIGUSR1, reboots on SIGTERM), a console shell, a getty on tty1.
 * Option: --busybox-path=PATH.
 */
public final class BusyboxTemplate implements Template {
    private static final List<Path> SEARCH = List.of(Path.of("/bin/busybox"), Path.of("/usr/bin/busybox"), Path.of("/sbin/busybox"));

    @Override
    public String name() {
        return "busybox";
    }

    @Override
    public String description() {
        return "system container from the host's static busybox (package busybox-static); --busybox-path=PATH";
    }

    @Override
    public void build(TemplateContext ctx) {
        Path busybox = findBusybox(ctx);
        try {
            RootfsWriter fs = new RootfsWriter(ctx.rootfs());
            fs.dirs(0755, "bin", "sbin", "usr/bin", "usr/sbin", "etc/init.d", "dev", "dev/pts", "proc", "sys",
                    "mnt", "home", "var/log", "var/run", "run", "lib", "usr/lib");
            fs.dirs(0700, "root");
            fs.dirs(01777, "tmp");
            Files.copy(busybox, fs.path("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
            for (String applet : applets(ctx, busybox)) {
                if (applet.equals("bin/busybox")) continue;
                fs.symlink(applet, "/bin/busybox");
            }
            fs.file("etc/passwd", 0644, "root:x:0:0:root:/root:/bin/sh\n");
            fs.file("etc/group", 0644, "root:x:0:root\ntty:x:5:\n");
            fs.file("etc/shadow", 0600, "root:*:19000:0:99999:7:::\n");
            fs.file("etc/fstab", 0644, "");
            fs.file("etc/hostname", 0644, ctx.name() + "\n");
            fs.file("etc/init.d/rcS", 0744, "#!/bin/sh\n/bin/mount -a\n");
            fs.file("etc/inittab", 0644, """
                    ::sysinit:/etc/init.d/rcS
                    tty1::respawn:/bin/getty -L tty1 115200 vt100
                    console::askfirst:-/bin/sh
                    ::ctrlaltdel:/sbin/reboot
                    ::shutdown:/bin/umount -a -r
                    """);
        } catch (IOException e) {
            throw new TemplateException(ctx.name(), name(), "cannot build the rootfs: " + e.getMessage());
        }
        RootfsWriter.appendConfig(ctx.configFile(),
                "lxc.signal.halt", "SIGUSR1",
                "lxc.signal.reboot", "SIGTERM",
                "lxc.autodev", "1",
                "lxc.tty.max", "1",
                "lxc.pty.max", "16",
                "lxc.mount.auto", "proc:mixed sys:ro cgroup:ro",
                "lxc.init.cmd", "/sbin/init");
    }

    private Path findBusybox(TemplateContext ctx) {
        List<Path> candidates = new ArrayList<>();
        for (String a : ctx.args()) if (a.startsWith("--busybox-path=")) candidates.add(Path.of(a.substring(15)));
        if (candidates.isEmpty()) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":"))
                if (!dir.isEmpty()) candidates.add(Path.of(dir, "busybox"));
            candidates.addAll(SEARCH);
        }
        for (Path p : candidates) {
            if (!Files.isExecutable(p)) continue;
            try {
                if (Elf.isStatic(p.toRealPath())) return p.toRealPath();
            } catch (IOException e) {
                // not an ELF we can use; try the next
            }
        }
        throw new TemplateException(ctx.name(), name(), "no static busybox found (looked at " + candidates
                + "): install the busybox-static package");
    }

    private List<String> applets(TemplateContext ctx, Path busybox) throws IOException {
        Process p = new ProcessBuilder(busybox.toString(), "--list-full").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) throw new TemplateException(ctx.name(), name(), busybox + " --list-full failed: " + out.trim());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemplateException(ctx.name(), name(), "interrupted");
        }
        return out.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }
}
