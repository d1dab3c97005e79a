package glxc.bench;

import glxc.runtime.api.AttachOptions;
import glxc.runtime.api.Container;
import glxc.runtime.api.CreateOptions;
import glxc.runtime.api.LaunchOptions;
import glxc.runtime.api.StopOptions;
import glxc.runtime.api.Store;
import glxc.runtime.store.RunState;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * glxc next to its peers, measured in the same run: glxc and LXC alternate round by round so both see
 * the same machine (crun runs its own loop right after): execute /bin/true, attach /bin/true,
 * freeze + unfreeze, a cgroup read, start -d until RUNNING, the cold command line, and the monitor's
 * memory. Prints medians and ratios; asserts nothing.
 */
public final class Bench {
    private static final String NAME = "glxc-bench";
    private static final String LXC_NAME = "glxc-bench-lxc";

    private final Path root;
    private final int rounds;
    private final Path work;
    private final Path lxcpath;
    private final Store store;
    private Container c;

    private Bench(Path root, int rounds) throws Exception {
        this.root = root;
        this.rounds = rounds;
        this.work = Files.createTempDirectory("glxc-bench-");
        this.lxcpath = work.resolve("lxc");
        this.store = Store.open(work.resolve("glxc"));
    }

    public static void main(String[] args) throws Exception {
        Bench b = new Bench(Path.of(args[0]), Integer.parseInt(args[1]));
        try {
            b.setUp();
            b.execute();
            b.attach();
            b.freezeAndCgroup();
            b.start();
            b.coldCommandLine();
            b.monitorMemory();
        } finally {
            b.tearDown();
        }
    }

    private void setUp() throws Exception {
        c = store.create(NAME, CreateOptions.template("busybox"));
        Files.createDirectories(lxcpath);
        Path conf = work.resolve("lxc-net.conf");
        // LXC fails to chmod the console pty on this host (read-only devpts), and glxc execute has no console either
        Files.writeString(conf, "lxc.net.0.type = empty\nlxc.console.path = none\n");
        check(Peers.run(List.of("lxc-create", "-P", lxcpath.toString(), "-n", LXC_NAME, "-t", "busybox", "-f", conf.toString())), "lxc-create");
        System.out.printf("glxc %s vs LXC %s and crun %s, %d rounds, %s%n%n", "0.1.0", Peers.output(List.of("lxc-start", "--version")).trim(),
                Peers.output(List.of("crun", "--version")).lines().findFirst().orElse("?").replace("crun version ", ""), rounds,
                Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim());
    }

    private void execute() throws Exception {
        LaunchOptions quiet = LaunchOptions.of("/bin/true").withStdio(ProcessBuilder.Redirect.from(new File("/dev/null")),
                ProcessBuilder.Redirect.DISCARD, ProcessBuilder.Redirect.INHERIT);
        List<String> lxc = List.of("lxc-execute", "-P", lxcpath.toString(), "-n", LXC_NAME, "-s", "lxc.console.path=none", "--", "/bin/true");
        Stats g = new Stats(), l = new Stats();
        for (int i = -10; i < rounds; i++) {
            long t0 = System.nanoTime();
            check(c.execute(quiet).waitFor(), "glxc execute");
            double ms = (System.nanoTime() - t0) / 1e6;
            double lms = Peers.timeMillis(lxc);
            if (i >= 0) {
                g.add(ms);
                l.add(lms);
            }
        }
        Stats cr = crun();
        row("execute /bin/true (warm JVM, API)", g, "lxc-execute", l);
        row("", g, "crun run", cr);
    }

    /** crun refuses hybrid cgroups; it runs in a private mount namespace without the v2 mount, timed by bash itself. */
    private Stats crun() throws Exception {
        Path bundle = work.resolve("crun");
        Files.createDirectories(bundle);
        check(Peers.run(List.of("cp", "-a", c.dir().resolve("rootfs").toString(), bundle.resolve("rootfs").toString())), "copy rootfs");
        check(Peers.run(Peers.sh("cd " + bundle + " && crun spec")), "crun spec");
        Path spec = bundle.resolve("config.json");
        String json = Files.readString(spec).replaceFirst("\"args\": \\[[^\\]]*\\]", "\"args\": [\"/bin/true\"]").replace("\"terminal\": true", "\"terminal\": false");
        Files.writeString(spec, json);
        String script = "umount /sys/fs/cgroup/unified 2>/dev/null; for i in $(seq -10 " + (rounds - 1) + "); do "
                + "t0=$EPOCHREALTIME; crun --root " + work.resolve("crun-state") + " run --bundle " + bundle + " glxc-bench-crun >/dev/null || exit 1; "
                + "t1=$EPOCHREALTIME; [ $i -ge 0 ] && echo \"$t0 $t1\"; done";
        String out = Peers.output(List.of("unshare", "-m", "--propagation", "private", "bash", "-c", script));
        Stats s = new Stats();
        for (String line : out.lines().toList()) {
            String[] f = line.trim().split(" ");
            if (f.length == 2 && f[0].matches("[0-9.]+")) s.add((Double.parseDouble(f[1]) - Double.parseDouble(f[0])) * 1000);
            else System.out.println("crun: " + line);
        }
        return s;
    }

    private void attach() throws Exception {
        c.start(LaunchOptions.defaults());
        check(Peers.run(List.of("lxc-start", "-P", lxcpath.toString(), "-n", LXC_NAME, "-d")), "lxc-start");
        check(Peers.run(List.of("lxc-wait", "-P", lxcpath.toString(), "-n", LXC_NAME, "-s", "RUNNING", "-t", "10")), "lxc-wait");
        AttachOptions quiet = AttachOptions.of("/bin/true").withStdio(ProcessBuilder.Redirect.from(new File("/dev/null")),
                ProcessBuilder.Redirect.DISCARD, ProcessBuilder.Redirect.INHERIT);
        List<String> lxc = List.of("lxc-attach", "-P", lxcpath.toString(), "-n", LXC_NAME, "--", "/bin/true");
        Stats g = new Stats(), l = new Stats();
        for (int i = -10; i < rounds; i++) {
            long t0 = System.nanoTime();
            check(c.attach(quiet).waitFor(), "glxc attach");
            double ms = (System.nanoTime() - t0) / 1e6;
            double lms = Peers.timeMillis(lxc);
            if (i >= 0) {
                g.add(ms);
                l.add(lms);
            }
        }
        row("attach -- /bin/true (warm JVM, API)", g, "lxc-attach", l);
    }

    /** Both containers are running (after attach). */
    private void freezeAndCgroup() {
        String P = lxcpath.toString();
        Stats g = new Stats(), l = new Stats();
        for (int i = -5; i < rounds / 2; i++) {
            long t0 = System.nanoTime();
            c.freeze();
            c.unfreeze();
            double ms = (System.nanoTime() - t0) / 1e6;
            long t1 = System.nanoTime();
            check(Peers.run(List.of("lxc-freeze", "-P", P, "-n", LXC_NAME)), "lxc-freeze");
            check(Peers.run(List.of("lxc-unfreeze", "-P", P, "-n", LXC_NAME)), "lxc-unfreeze");
            double lms = (System.nanoTime() - t1) / 1e6;
            if (i >= 0) {
                g.add(ms);
                l.add(lms);
            }
        }
        row("freeze + unfreeze (warm JVM, API)", g, "lxc-freeze + lxc-unfreeze", l);
        Stats gr = new Stats(), lr = new Stats();
        for (int i = -5; i < rounds; i++) {
            long t0 = System.nanoTime();
            c.getCgroupItem("memory.limit_in_bytes");
            double ms = (System.nanoTime() - t0) / 1e6;
            double lms = Peers.timeMillis(List.of("lxc-cgroup", "-P", P, "-n", LXC_NAME, "memory.limit_in_bytes"));
            if (i >= 0) {
                gr.add(ms);
                lr.add(lms);
            }
        }
        row("cgroup read (warm JVM, API)", gr, "lxc-cgroup", lr);
    }

    private void start() {
        c.stop(StopOptions.killNow());
        Peers.run(List.of("lxc-stop", "-P", lxcpath.toString(), "-n", LXC_NAME, "-k"));
        Stats g = new Stats(), l = new Stats();
        int n = Math.max(10, rounds / 4);
        for (int i = -3; i < n; i++) {
            long t0 = System.nanoTime();
            c.start(LaunchOptions.defaults());
            double ms = (System.nanoTime() - t0) / 1e6;
            c.stop(StopOptions.killNow());
            long t1 = System.nanoTime();
            check(Peers.run(List.of("lxc-start", "-P", lxcpath.toString(), "-n", LXC_NAME, "-d")), "lxc-start");
            check(Peers.run(List.of("lxc-wait", "-P", lxcpath.toString(), "-n", LXC_NAME, "-s", "RUNNING", "-t", "10")), "lxc-wait");
            double lms = (System.nanoTime() - t1) / 1e6;
            Peers.run(List.of("lxc-stop", "-P", lxcpath.toString(), "-n", LXC_NAME, "-k"));
            if (i >= 0) {
                g.add(ms);
                l.add(lms);
            }
        }
        row("start -d until RUNNING (warm JVM, API)", g, "lxc-start -d + lxc-wait", l);
        // the security defaults' cost: the same start without the seccomp filter and capability cut
        LaunchOptions bare = LaunchOptions.defaults().withOverrides(List.of("glxc.seccomp=off", "glxc.mask_paths=0", "lxc.cap.drop=sys_module"));
        Stats withDefaults = new Stats(), without = new Stats();
        for (int i = -3; i < n; i++) {
            long t0 = System.nanoTime();
            c.start(LaunchOptions.defaults());
            double ms = (System.nanoTime() - t0) / 1e6;
            c.stop(StopOptions.killNow());
            long t1 = System.nanoTime();
            c.start(bare);
            double bms = (System.nanoTime() - t1) / 1e6;
            c.stop(StopOptions.killNow());
            if (i >= 0) {
                withDefaults.add(ms);
                without.add(bms);
            }
        }
        row("start -d, security defaults", withDefaults, "without seccomp/masks/caps", without);
    }

    private void coldCommandLine() {
        c.start(LaunchOptions.defaults());
        check(Peers.run(List.of("lxc-start", "-P", lxcpath.toString(), "-n", LXC_NAME, "-d")), "lxc-start");
        List<String> glxc = List.of(root.resolve("glxc").toString(), "info", "-n", NAME, "-P", store.path().toString());
        List<String> lxc = List.of("lxc-info", "-P", lxcpath.toString(), "-n", LXC_NAME);
        Stats g = new Stats(), l = new Stats();
        for (int i = -3; i < 20; i++) {
            double ms = Peers.timeMillis(glxc);
            double lms = Peers.timeMillis(lxc);
            if (i >= 0) {
                g.add(ms);
                l.add(lms);
            }
        }
        row("cold command line: info -n X", g, "lxc-info", l);
    }

    private void monitorMemory() throws Exception {
        RunState run = RunState.read(c.paths().run()).orElseThrow();
        long glxc = Peers.rssKiB(run.monitorPid());
        long lxc = -1;
        for (String line : Peers.output(List.of("ps", "-eo", "pid,args")).lines().toList())
            if (line.contains("[lxc monitor]") && line.contains(LXC_NAME)) lxc = Peers.rssKiB(Long.parseLong(line.trim().split("\\s+")[0]));
        System.out.printf(Locale.ROOT, "%-40s %-36s %-26s %s%n", "monitor RSS of a running container", glxc + " KiB",
                "LXC monitor: " + lxc + " KiB", lxc > 0 ? String.format(Locale.ROOT, "%.2fx", (double) glxc / lxc) : "");
    }

    private static void row(String what, Stats glxc, String peer, Stats other) {
        System.out.printf(Locale.ROOT, "%-40s glxc %s%n%-40s %-26s %s   ratio glxc/peer %.2f%n", what, glxc, "", peer, other,
                glxc.median() / other.median());
    }

    private static void check(int code, String what) {
        if (code != 0) throw new IllegalStateException(what + " failed with exit status " + code);
    }

    private void tearDown() {
        try {
            if (c != null && c.exists()) c.destroy(true);
        } catch (RuntimeException e) {
            System.err.println("cleanup: " + e.getMessage());
        }
        Peers.run(List.of("lxc-destroy", "-P", lxcpath.toString(), "-n", LXC_NAME, "-f"));
        // LXC leaves its (empty) monitor cgroup behind: remove it, it is ours to clean up
        Peers.run(Peers.sh("for d in /sys/fs/cgroup/*/lxc.monitor." + LXC_NAME + " /sys/fs/cgroup/*/lxc.payload." + LXC_NAME
                + " /sys/fs/cgroup/lxc.monitor." + LXC_NAME + "; do [ -d \"$d\" ] && rmdir \"$d\"; done; true"));
        Peers.run(List.of("rm", "-rf", work.toString()));
    }
}
