package glxc.runtime.api;

import glxc.runtime.config.ContainerConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * lxc-autostart's semantics: the containers with lxc.start.auto = 1 (all with ignoreAuto), of the
 * selected groups (no group given: those with no lxc.group; all: every group), sorted by
 * lxc.start.order, lowest first as LXC 5 sorts them, then by name. Start goes in that order and waits
 * lxc.start.delay seconds after a container that has one; containers sharing an order start together.
 * Stop, kill and reboot go in reverse.
 */
public final class Autostart {
    public record Entry(Container container, int order, int delay) {}

    private Autostart() {}

    /**
     * With groups named, one group after the other in the order given (as lxc-autostart goes through
     * -g), each by order; a container in two of them comes with the first.
     */
    public static List<Entry> select(Store store, Set<String> groups, boolean allGroups, boolean ignoreAuto) {
        if (allGroups || groups.size() < 2) return selectOne(store, groups, allGroups, ignoreAuto);
        List<Entry> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String g : groups)
            for (Entry e : selectOne(store, Set.of(g), false, ignoreAuto))
                if (seen.add(e.container().name())) out.add(e);
        return out;
    }

    private static List<Entry> selectOne(Store store, Set<String> groups, boolean allGroups, boolean ignoreAuto) {
        List<Entry> out = new ArrayList<>();
        for (Container c : store.list()) {
            ContainerConfig config;
            try {
                config = c.config();
            } catch (GlxcException e) {
                continue;   // a config that does not load is not started at boot; ls and start say why
            }
            if (!ignoreAuto && !config.startAuto()) continue;
            List<String> its = config.groups();
            boolean selected = allGroups || (groups.isEmpty() ? its.isEmpty()
                    : its.stream().anyMatch(groups::contains) || (its.isEmpty() && groups.contains("")));
            if (selected) out.add(new Entry(c, config.startOrder(), config.startDelay()));
        }
        out.sort(Comparator.comparingInt(Entry::order).thenComparing(e -> e.container().name()));
        return out;
    }

    /** Starts in order; a batch of one order starts in parallel, then the batch's longest delay passes. */
    public static void start(List<Entry> entries, Consumer<String> progress) {
        Map<Integer, List<Entry>> batches = new LinkedHashMap<>();
        for (Entry e : entries) batches.computeIfAbsent(e.order(), k -> new ArrayList<>()).add(e);
        for (List<Entry> batch : batches.values()) {
            List<Thread> threads = new ArrayList<>();
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            for (Entry e : batch) {
                Thread t = new Thread(() -> {
                    try {
                        if (e.container().state() == ContainerState.STOPPED) {
                            e.container().start(LaunchOptions.defaults());
                            progress.accept("started " + e.container().name());
                        }
                    } catch (RuntimeException x) {
                        failures.add(e.container().name() + ": " + x.getMessage());
                    }
                });
                t.start();
                threads.add(t);
            }
            join(threads);
            failures.forEach(f -> progress.accept("failed to start " + f));
            int delay = batch.stream().mapToInt(Entry::delay).max().orElse(0);
            if (delay > 0) sleep(delay * 1000L);
        }
    }

    /** Stops (or kills, or reboots) in reverse order, one container after the other. */
    public static void stop(List<Entry> entries, StopOptions options, Consumer<String> progress) {
        List<Entry> reversed = new ArrayList<>(entries);
        Collections.reverse(reversed);
        for (Entry e : reversed) {
            Container c = e.container();
            if (c.state() == ContainerState.STOPPED) continue;
            try {
                c.stop(options);
                progress.accept((options.reboot() ? "rebooted " : "stopped ") + c.name());
            } catch (RuntimeException x) {
                progress.accept("failed to stop " + c.name() + ": " + x.getMessage());
            }
        }
    }

    private static void join(List<Thread> threads) {
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GlxcException("autostart interrupted");
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GlxcException("autostart interrupted");
        }
    }
}
