package glxc.bench;

import glxc.runtime.api.CloneOptions;
import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerState;
import glxc.runtime.api.StopOptions;
import glxc.runtime.api.LaunchOptions;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Storage next to lxc-copy, both originals stopped busybox containers: an overlay snapshot clone (copy -s),
 * a full copy, and an ephemeral clone until RUNNING (lxc-copy -e starts it daemonized). Only the copy
 * is timed; each round's copy is destroyed (untimed) before the next.
 */
final class StorageBench {
    private StorageBench() {}

    static void run(Container c, Path lxcpath, String lxcName, int rounds) {
        String p = lxcpath.toString();
        int n = Math.max(10, rounds / 4);
        Stats[] s = Bench.interleave(3, n, () -> copy(c, CloneOptions.snapshotClone()),
                () -> lxcCopy(p, lxcName, List.of("-s")));
        Bench.row("copy -s (overlay clone, warm JVM, API)", s[0], "lxc-copy -s", s[1]);
        Stats[] f = Bench.interleave(3, n, () -> copy(c, CloneOptions.fullCopy()), () -> lxcCopy(p, lxcName, List.of()));
        Bench.row("copy (full, busybox rootfs, warm JVM)", f[0], "lxc-copy", f[1]);
        Stats[] e = Bench.interleave(3, n, () -> ephemeral(c), () -> lxcEphemeral(p, lxcName));
        Bench.row("copy -e until RUNNING (warm JVM, API)", e[0], "lxc-copy -e", e[1]);
    }

    private static double copy(Container c, CloneOptions o) {
        Container[] made = new Container[1];
        double ms = Bench.millis(() -> made[0] = c.copy("glxc-bench-copy", null, o));
        made[0].destroy(true);
        return ms;
    }

    private static double lxcCopy(String p, String name, List<String> flags) {
        List<String> cmd = new java.util.ArrayList<>(List.of("lxc-copy", "-P", p, "-n", name, "-N", "glxc-bench-lxccopy"));
        cmd.addAll(flags);
        double ms = Bench.millis(() -> Bench.check(Peers.run(cmd), "lxc-copy"));
        Bench.check(Peers.run(List.of("lxc-destroy", "-P", p, "-n", "glxc-bench-lxccopy")), "lxc-destroy");
        return ms;
    }

    private static double ephemeral(Container c) {
        Container[] made = new Container[1];
        double ms = Bench.millis(() -> {
            made[0] = c.copy("glxc-bench-eph", null, CloneOptions.snapshotClone().asEphemeral(true));
            made[0].start(LaunchOptions.defaults());
        });
        made[0].stop(StopOptions.killNow());
        made[0].waitFor(Set.of(ContainerState.STOPPED), 10_000);
        gone(made[0].dir());
        return ms;
    }

    /** Both monitors remove an ephemeral container after its stop; the next round waits for that. */
    private static void gone(Path dir) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (java.nio.file.Files.exists(dir) && System.currentTimeMillis() < deadline) Thread.onSpinWait();
        if (java.nio.file.Files.exists(dir)) throw new IllegalStateException("the ephemeral container " + dir + " was not removed");
    }

    private static double lxcEphemeral(String p, String name) {
        double ms = Bench.millis(() -> Bench.check(Peers.run(List.of("lxc-copy", "-P", p, "-n", name, "-N", "glxc-bench-lxceph", "-e")), "lxc-copy -e"));
        Bench.check(Peers.run(List.of("lxc-stop", "-P", p, "-n", "glxc-bench-lxceph", "-k")), "lxc-stop");
        gone(Path.of(p, "glxc-bench-lxceph"));
        return ms;
    }
}
