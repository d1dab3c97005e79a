package glxc.runtime.template;

import glxc.runtime.api.ContainerProcess;
import glxc.runtime.api.Namespace;
import glxc.runtime.api.UnshareOptions;
import glxc.runtime.config.ConfigFile;
import glxc.runtime.storage.TreeScrub;
import glxc.runtime.storage.LayerStore;
import glxc.runtime.storage.RootfsSource;
import glxc.runtime.storage.TreeCopy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Debian-family system containers from debootstrap (package debootstrap), as LXC's debian template
 * makes them: a minbase system with init, cached as a layer keyed by release, arch, variant, mirror and
 * packages, then per container its hostname, hosts, network and config. With -B overlay the cached
 * layer is the container's shared lower (nothing copied); otherwise it is copied into the rootfs.
 * debootstrap runs in its own mount and pid namespaces, so its /proc and /sys mounts in the target never
 * reach the host and nothing of it outlives the build.
 */
public class DebootstrapTemplate implements LayeredTemplate {
    private final String name, defaultRelease, defaultMirror, releaseHelp;
    private final boolean mirrorRequired;

    DebootstrapTemplate(String name, String defaultRelease, String defaultMirror, boolean mirrorRequired, String releaseHelp) {
        this.name = name;
        this.defaultRelease = defaultRelease;
        this.defaultMirror = defaultMirror;
        this.mirrorRequired = mirrorRequired;
        this.releaseHelp = releaseHelp;
    }

    public static DebootstrapTemplate debian() {
        return new DebootstrapTemplate("debian", "bookworm", "http://deb.debian.org/debian", false, "bookworm, trixie, bullseye, ...");
    }

    public static DebootstrapTemplate ubuntu() {
        return new DebootstrapTemplate("ubuntu", "noble", System.getenv("GLXC_UBUNTU_MIRROR"), true, "noble, jammy, ...");
    }

    @Override
    public String name() { return name; }

    @Override
    public String description() {
        return name + " system container from debootstrap, cached in the store's layers; options --release (" + releaseHelp + "), --mirror URL"
                + (mirrorRequired ? " (required, or $GLXC_UBUNTU_MIRROR)" : "") + ", --arch, --variant (minbase), --packages a,b, --flush-cache";
    }

    @Override
    public Prepared prepare(TemplateContext ctx) {
        if (ctx.flag("help")) throw new TemplateException(ctx.name(), name, "options: " + description());
        String release = ctx.option("release", defaultRelease);
        String mirror = ctx.option("mirror", defaultMirror);
        if (mirror == null || mirror.isBlank())
            throw new TemplateException(ctx.name(), name, "needs --mirror URL (or $GLXC_UBUNTU_MIRROR): this machine reaches no Ubuntu archive by default");
        String arch = ctx.option("arch", hostArch());
        String variant = ctx.option("variant", "minbase");
        List<String> packages = new ArrayList<>(List.of("init", "ifupdown", "iproute2", "isc-dhcp-client", "netbase"));
        for (String p : ctx.option("packages", "").split(",")) if (!p.isBlank() && !packages.contains(p.trim())) packages.add(p.trim());
        List<String> sorted = packages.stream().sorted().toList();
        String key = TemplateCache.key(name, release, arch, variant, mirror, String.join(",", sorted));
        if (!Files.isExecutable(Path.of("/usr/sbin/debootstrap")))
            throw new TemplateException(ctx.name(), name, "debootstrap is missing: install the debootstrap package");
        LayerStore.Layer layer = TemplateCache.ensure(ctx, name, key, ctx.flag("flush-cache"),
                (tree, log) -> debootstrap(ctx, tree, log, release, mirror, arch, variant, sorted));
        return new Prepared(List.of(layer), writable -> {
            try {
                configure(ctx, writable, arch);
            } catch (IOException e) {
                throw new TemplateException(ctx.name(), name, "cannot configure the rootfs: " + e.getMessage());
            }
        });
    }

    private void debootstrap(TemplateContext ctx, Path tree, Path log, String release, String mirror, String arch, String variant, List<String> packages) {
        List<String> cmd = new ArrayList<>(List.of("/usr/sbin/debootstrap", "--variant=" + variant, "--arch=" + arch,
                "--include=" + String.join(",", packages), release, tree.toString(), mirror));
        ctx.say("Running " + String.join(" ", cmd));
        List<String> env = new ArrayList<>(UnshareOptions.callerEnvironment());
        env.removeIf(e -> e.startsWith("PATH="));
        env.add("PATH=/usr/sbin:/usr/bin:/sbin:/bin");
        UnshareOptions o = new UnshareOptions(EnumSet.of(Namespace.MOUNT, Namespace.PID), List.of(), null, true, 0, 0, cmd, env,
                ProcessBuilder.Redirect.from(new java.io.File("/dev/null")), ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.PIPE);
        ContainerProcess p = o.run();
        List<String> tail = new ArrayList<>();
        try (Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            Thread errors = new Thread(() -> copyLines(p.process().getErrorStream(), out, null, null), "glxc-debootstrap-stderr");
            errors.start();
            copyLines(p.process().getInputStream(), out, ctx, tail);
            errors.join();
        } catch (IOException e) {
            throw new TemplateException(ctx.name(), name, "cannot write its log " + log + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.process().destroyForcibly();
            throw new TemplateException(ctx.name(), name, "interrupted");
        }
        int status = p.waitFor();
        if (status != 0)
            throw new TemplateException(ctx.name(), name, "debootstrap failed with exit status " + status
                    + (tail.isEmpty() ? "" : "; its last output:\n  " + String.join("\n  ", tail)));
        cleanForSharing(tree);
    }

    private static void copyLines(java.io.InputStream in, Writer out, TemplateContext ctx, List<String> tail) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (out) {
                    out.write(line);
                    out.write('\n');
                }
                if (ctx != null) ctx.say(line);
                if (tail != null) {
                    tail.add(line);
                    if (tail.size() > 8) tail.remove(0);
                }
            }
        } catch (IOException e) {
            // the process ended; its status tells the rest
        }
    }

    /**
     * What must not be shared between containers (a machine id, apt's downloaded packages) and what makes two
     * bootstraps of the same day differ (logs, ldconfig's cache): an image built on it is then the same bytes
     * in any store.
     */
    private static void cleanForSharing(Path tree) {
        try {
            TreeScrub.clean(tree);
            Path archives = tree.resolve("var/cache/apt/archives");
            if (Files.isDirectory(archives, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                try (var debs = Files.list(archives)) {
                    for (Path d : debs.filter(p -> p.toString().endsWith(".deb")).toList()) Files.delete(d);
                }
        } catch (IOException e) {
            throw new TemplateException("-", "debootstrap", "cannot clean the new rootfs: " + e.getMessage());
        }
    }

    /** Per container, in its own writable layer: hostname, hosts, DHCP on eth0, config keys as LXC's debian template sets them. */
    private void configure(TemplateContext ctx, Path w, String arch) throws IOException {
        RootfsWriter fs = new RootfsWriter(w);
        fs.dirs(0755, "etc", "etc/network");
        fs.file("etc/hostname", 0644, ctx.name() + "\n");
        fs.file("etc/hosts", 0644, "127.0.0.1 localhost\n127.0.1.1 " + ctx.name() + "\n::1 localhost ip6-localhost ip6-loopback\n");
        fs.file("etc/network/interfaces", 0644, "auto lo\niface lo inet loopback\n\nallow-hotplug eth0\niface eth0 inet dhcp\n");
        RootfsWriter.appendConfig(ctx.configFile(),
                "lxc.arch", arch,
                // systemd as init needs to mount: LXC's common.conf drop set, without glxc's sys_admin default
                "lxc.cap.drop", "mac_admin mac_override sys_time sys_module sys_rawio",
                "lxc.signal.halt", "SIGRTMIN+3",
                "lxc.autodev", "1",
                "lxc.tty.max", "4",
                "lxc.pty.max", "1024",
                // systemd makes its own cgroups: they must be writable (in a privileged container, root inside can then
                // change the container's limits, as in LXC; a user-namespaced container keeps them)
                "lxc.mount.auto", "proc:mixed sys:mixed cgroup:rw",
                "lxc.init.cmd", "/sbin/init");
    }

    private static String hostArch() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> System.getProperty("os.arch");
        };
    }

}
