package glxc.runtime.lifecycle;

import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerInfo;
import glxc.runtime.api.ContainerState;
import glxc.runtime.api.ResourceUse;
import glxc.runtime.cgroup.ContainerCgroups;
import glxc.runtime.config.ContainerConfig;
import glxc.runtime.store.ExitState;
import glxc.runtime.store.RunState;
import glxc.runtime.store.StateProbe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Gathers lxc-info / lxc-ls figures: state, pid, addresses seen from init's network namespace, cgroup usage. */
public final class InfoReader {
    private InfoReader() {}

    public static ContainerInfo read(Container c) {
        StateProbe.Probe probe = StateProbe.probe(c.paths());
        ContainerState state = probe.state() == ContainerState.RUNNING && c.cgroups().isFrozen() ? ContainerState.FROZEN : probe.state();
        ContainerConfig config = c.config();
        boolean active = probe.state() != ContainerState.STOPPED && probe.initAlive();
        int pid = active ? probe.run().map(RunState::initPid).orElse(0) : 0;
        ContainerCgroups cg = c.cgroups();
        Integer lastExit = probe.state() == ContainerState.STOPPED
                ? ExitState.read(c.paths().exit()).map(ExitState::shellStatus).orElse(null) : null;
        return new ContainerInfo(c.name(), state, pid,
                pid > 0 ? ipv4(pid) : List.of(), pid > 0 ? ipv6(pid) : List.of(),
                active ? cg.stats() : ResourceUse.NONE, c.configPath(), config.rootfs().orElse(null),
                config.startAuto(), config.groups(), lastExit, probe.run().map(RunState::startedMillis).orElse(0L));
    }

    /** Local IPv4 addresses of init's network namespace, from its fib_trie, loopback excluded. */
    static List<String> ipv4(int pid) {
        Set<String> out = new LinkedHashSet<>();
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Integer.toString(pid), "net", "fib_trie"));
            for (int i = 1; i < lines.size(); i++) {
                if (!lines.get(i).trim().equals("/32 host LOCAL")) continue;
                String prev = lines.get(i - 1).trim();
                if (!prev.startsWith("|-- ")) continue;
                String addr = prev.substring(4);
                if (!addr.startsWith("127.")) out.add(addr);
            }
        } catch (IOException e) {
            return List.of();
        }
        return new ArrayList<>(out);
    }

    static List<String> ipv6(int pid) {
        List<String> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "net", "if_inet6"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 6 || f[5].equals("lo") || f[3].equals("20")) continue;   // scope 20 = link-local
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < 32; i += 4) b.append(i == 0 ? "" : ":").append(f[0], i, i + 4);
                out.add(java.net.InetAddress.getByName(b.toString()).getHostAddress());
            }
        } catch (IOException e) {
            return List.of();
        }
        return out;
    }
}
