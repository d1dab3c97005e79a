package glxc.bench;

import glxc.dsl.Applier;
import glxc.dsl.Dsl;
import glxc.dsl.PlanStep;
import glxc.dsl.ScriptModel;
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
import java.util.function.DoubleSupplier;

/**
 * glxc next to its peers, measured in the same run: glxc and LXC alternate round by round so both see
 * the same machine (crun runs its own loop right after): execute /bin/true, attach /bin/true,
 * freeze + unfreeze, a cgroup read, start -d until RUNNING, the cold command line, and the monitor's
 * memory. Prints medians and ratios; asserts nothing.
 */
public final class Bench {
    private static final String NAME = "glxc-bench";
    private static final String LXC_NAME = "glxc-bench-lxc";
    private static final String NET_NAME = "glxc-bench-net";
    private static final String LXC_NET_NAME = "glxc-bench-lxcnet";
    private static final String BRIDGE = "glxcbench0";

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
            StorageBench.run(b.c, b.lxcpath, LXC_NAME, b.rounds);
            b.startWithNetwork();
            b.coldCommandLine();
            b.dsl();
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
        Stats[] s = interleave(10, rounds, () -> millis(() -> check(c.execute(quiet).waitFor(), "glxc execute")), () -> Peers.timeMillis(lxc));
        Stats cr = crun();
        row("execute /bin/true (warm JVM, API)", s[0], "lxc-execute", s[1]);
        row("", s[0], "crun run", cr);
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
        Stats[] s = interleave(10, rounds, () -> millis(() -> check(c.attach(quiet).waitFor(), "glxc attach")), () -> Peers.timeMillis(lxc));
        row("attach -- /bin/true (warm JVM, API)", s[0], "lxc-attach", s[1]);
    }

    /** Both containers are running (after attach). */
    private void freezeAndCgroup() {
        String p = lxcpath.toString();
        Stats[] f = interleave(5, rounds / 2, () -> millis(() -> {
            c.freeze();
            c.unfreeze();
        }), () -> millis(() -> {
            check(Peers.run(List.of("lxc-freeze", "-P", p, "-n", LXC_NAME)), "lxc-freeze");
            check(Peers.run(List.of("lxc-unfreeze", "-P", p, "-n", LXC_NAME)), "lxc-unfreeze");
        }));
        row("freeze + unfreeze (warm JVM, API)", f[0], "lxc-freeze + lxc-unfreeze", f[1]);
        Stats[] r = interleave(5, rounds, () -> millis(() -> c.getCgroupItem("memory.limit_in_bytes")),
                () -> Peers.timeMillis(List.of("lxc-cgroup", "-P", p, "-n", LXC_NAME, "memory.limit_in_bytes")));
        row("cgroup read (warm JVM, API)", r[0], "lxc-cgroup", r[1]);
    }

    private void start() {
        String p = lxcpath.toString();
        c.stop(StopOptions.killNow());
        Peers.run(List.of("lxc-stop", "-P", p, "-n", LXC_NAME, "-k"));
        int n = Math.max(10, rounds / 4);
        Stats[] s = interleave(3, n, () -> startAndStop(LaunchOptions.defaults()), () -> {
            double ms = millis(() -> {
                check(Peers.run(List.of("lxc-start", "-P", p, "-n", LXC_NAME, "-d")), "lxc-start");
                check(Peers.run(List.of("lxc-wait", "-P", p, "-n", LXC_NAME, "-s", "RUNNING", "-t", "10")), "lxc-wait");
            });
            Peers.run(List.of("lxc-stop", "-P", p, "-n", LXC_NAME, "-k"));
            return ms;
        });
        row("start -d until RUNNING (warm JVM, API)", s[0], "lxc-start -d + lxc-wait", s[1]);
        // the security defaults' cost: the same start without the seccomp filter, masks and capability cut
        LaunchOptions bare = LaunchOptions.defaults().withOverrides(List.of("glxc.seccomp=off", "glxc.mask_paths=0", "lxc.cap.drop=sys_module"));
        Stats[] d = interleave(3, n, () -> startAndStop(LaunchOptions.defaults()), () -> startAndStop(bare));
        row("start -d, security defaults", d[0], "without seccomp/masks/caps", d[1]);
    }

    /** The time to RUNNING; the stop after it is not counted. */
    private double startAndStop(LaunchOptions o) {
        return startAndStop(c, o);
    }

    private static double startAndStop(Container container, LaunchOptions o) {
        double ms = millis(() -> container.start(o));
        container.stop(StopOptions.killNow());
        return ms;
    }

    /**
     * One veth on a bridge with a static address, gateway and link up, the same LXC keys for both; both
     * set the network up before init runs, so RUNNING means the address is up. bench/run puts the whole
     * benchmark in a network namespace of its own, so the bridge never touches the machine's network.
     */
    private void startWithNetwork() throws Exception {
        store.networks().create(BRIDGE, "10.213.250.1/24", false, false);
        String p = lxcpath.toString();
        String keys = "lxc.net.0.type = veth\nlxc.net.0.link = " + BRIDGE + "\nlxc.net.0.flags = up\nlxc.net.0.ipv4.gateway = auto\n";
        Path conf = work.resolve("lxc-veth.conf");
        Files.writeString(conf, keys + "lxc.net.0.ipv4.address = 10.213.250.20/24\nlxc.console.path = none\n");
        check(Peers.run(List.of("lxc-create", "-P", p, "-n", LXC_NET_NAME, "-t", "busybox", "-f", conf.toString())), "lxc-create");
        Container net = store.create(NET_NAME, CreateOptions.template("busybox").withOverrides("lxc.net.0.type=veth",
                "lxc.net.0.link=" + BRIDGE, "lxc.net.0.flags=up", "lxc.net.0.ipv4.gateway=auto", "lxc.net.0.ipv4.address=10.213.250.10/24"));
        int n = Math.max(10, rounds / 4);
        Stats[] s = interleave(3, n, () -> startAndStop(net, LaunchOptions.defaults()), () -> {
            double ms = millis(() -> {
                check(Peers.run(List.of("lxc-start", "-P", p, "-n", LXC_NET_NAME, "-d")), "lxc-start");
                check(Peers.run(List.of("lxc-wait", "-P", p, "-n", LXC_NET_NAME, "-s", "RUNNING", "-t", "10")), "lxc-wait");
            });
            Peers.run(List.of("lxc-stop", "-P", p, "-n", LXC_NET_NAME, "-k"));
            return ms;
        });
        row("start -d, veth on a bridge, address up", s[0], "lxc-start -d + lxc-wait", s[1]);
        net.destroy(true);   // the LXC one goes in tearDown
    }

    private void coldCommandLine() {
        c.start(LaunchOptions.defaults());
        check(Peers.run(List.of("lxc-start", "-P", lxcpath.toString(), "-n", LXC_NAME, "-d")), "lxc-start");
        List<String> glxc = List.of(root.resolve("glxc").toString(), "info", "-n", NAME, "-P", store.path().toString());
        List<String> lxc = List.of("lxc-info", "-P", lxcpath.toString(), "-n", LXC_NAME);
        Stats[] s = interleave(3, 20, () -> Peers.timeMillis(glxc), () -> Peers.timeMillis(lxc));
        row("cold command line: info -n X", s[0], "lxc-info", s[1]);
    }

    /**
     * The DSL (no peer: LXC has none): check (compile + evaluate) of each example, and plan against a
     * store of 50 running containers that a generated script declares. Warm JVM, API.
     */
    private void dsl() throws Exception {
        Path examples = root.resolve("scripts-examples");
        for (String name : List.of("hello", "web", "workers", "three-tier")) {
            Path script = examples.resolve(name + ".lxc.groovy");
            Stats s = new Stats();
            for (int i = -10; i < rounds; i++) {
                double ms = millis(() -> Dsl.load(script));
                if (i >= 0) s.add(ms);
            }
            System.out.printf(Locale.ROOT, "%-40s glxc %s   (target: under 150 ms)%n", "check " + name + ".lxc.groovy (warm, API)", s);
        }
        Path fifty = work.resolve("fifty.lxc.groovy");
        Files.writeString(fifty, "(1..50).each { n -> container(\"glxc-bench-w${n}\") { template \"busybox\"; memory limit: \"64M\"; "
                + "cpu shares: 512; set \"lxc.net.0.type\", \"empty\" } }\n");
        ScriptModel model = Dsl.load(fifty);
        Applier.Result r = Dsl.apply(store, model, false, line -> { });
        if (!r.ok()) throw new IllegalStateException("apply of 50 containers failed: " + r.failed());
        Stats plan = new Stats();
        for (int i = -5; i < Math.max(10, rounds / 4); i++) {
            double ms = millis(() -> {
                if (Dsl.plan(store, Dsl.load(fifty)).stream().anyMatch(PlanStep::changes)) throw new IllegalStateException("a second plan is not empty");
            });
            if (i >= 0) plan.add(ms);
        }
        System.out.printf(Locale.ROOT, "%-40s glxc %s   (target: under 300 ms)%n", "plan, 50 running containers (warm, API)", plan);
        Dsl.down(store, model, line -> { });
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

    /** glxc and its peer alternate round by round, so both see the same machine; warm-up rounds are not kept. */
    static Stats[] interleave(int warmup, int rounds, DoubleSupplier glxc, DoubleSupplier peer) {
        Stats g = new Stats(), p = new Stats();
        for (int i = -warmup; i < rounds; i++) {
            double a = glxc.getAsDouble(), b = peer.getAsDouble();
            if (i >= 0) {
                g.add(a);
                p.add(b);
            }
        }
        return new Stats[] {g, p};
    }

    static double millis(Runnable action) {
        long t0 = System.nanoTime();
        action.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    static void row(String what, Stats glxc, String peer, Stats other) {
        System.out.printf(Locale.ROOT, "%-40s glxc %s%n%-40s %-26s %s   ratio glxc/peer %.2f%n", what, glxc, "", peer, other,
                glxc.median() / other.median());
    }

    static void check(int code, String what) {
        if (code != 0) throw new IllegalStateException(what + " failed with exit status " + code);
    }

    private void tearDown() {
        try {
            for (Container left : store.list()) left.destroy(true);
            for (var n : store.networks().list()) store.networks().delete(n.name(), true);
        } catch (RuntimeException e) {
            System.err.println("cleanup: " + e.getMessage());
        }
        Peers.run(List.of("lxc-destroy", "-P", lxcpath.toString(), "-n", LXC_NAME, "-f"));
        if (Files.exists(lxcpath.resolve(LXC_NET_NAME))) Peers.run(List.of("lxc-destroy", "-P", lxcpath.toString(), "-n", LXC_NET_NAME, "-f"));
        // LXC leaves its (empty) monitor cgroup behind: remove it, it is ours to clean up
        for (String name : List.of(LXC_NAME, LXC_NET_NAME, "pivot"))
            Peers.run(Peers.sh("for d in /sys/fs/cgroup/*/lxc.monitor." + name + " /sys/fs/cgroup/*/lxc.payload." + name
                    + " /sys/fs/cgroup/lxc.monitor." + name + "; do [ -d \"$d\" ] && rmdir \"$d\"; done; true"));
        Peers.run(List.of("rm", "-rf", work.toString()));
    }
}
