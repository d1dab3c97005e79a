package glxc.cli;

import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerInfo;
import glxc.runtime.api.ContainerState;
import glxc.runtime.api.Store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

final class TopVerb extends Verb {
    /** In a holder: the lambdas are made only when top runs, not on every glxc command. */
    private static final class Sorts {
        static final Map<String, Comparator<Row>> BY_KEY = Map.of(
            "n", Comparator.comparing((Row r) -> r.info.name()),
            "c", Comparator.comparingDouble((Row r) -> -r.cpuPercent),
            "m", Comparator.comparingLong((Row r) -> -r.info.use().memoryBytes().orElse(0)),
            "k", Comparator.comparingLong((Row r) -> -r.info.use().kmemBytes().orElse(0)),
            "b", Comparator.comparingLong((Row r) -> -r.info.use().blkioBytes().orElse(0)),
            "p", Comparator.comparingLong((Row r) -> -r.info.use().pids().orElse(0)));
    }

    private record Row(ContainerInfo info, double cpuPercent) {}

    String name() { return "top"; }
    String summary() { return "a live table of running containers' resource use (lxc-top); --batch or --json for scripts"; }

    List<Option> options() {
        return List.of(LXCPATH,
                Option.value("-d,--delay", "SECONDS", "time between updates (default 3)"),
                Option.value("-s,--sort", "KEY", "n name, c CPU (default), m memory, k kernel memory, b block I/O, p processes"),
                Option.flag("-r,--reverse", "reverse the order"),
                Option.flag("-b,--batch", "plain tables one after another, for pipes"),
                Option.value("-i,--iterations", "N", "stop after N tables (default: forever on a terminal, 1 in batch)"),
                Option.flag("--json", "one JSON snapshot, for scripts"));
    }

    int run(Arguments a) {
        Store store = store(a);
        long delayMillis = Math.max(100, (long) (Double.parseDouble(a.value("delay") != null ? a.value("delay") : "3") * 1000));
        String sort = a.value("sort") != null ? a.value("sort") : "c";
        if (!Sorts.BY_KEY.containsKey(sort)) throw new UsageException("unknown sort key '" + sort + "' (n, c, m, k, b, p)");
        boolean live = !a.has("batch") && !a.has("json") && System.console() != null;
        int iterations = a.intValue("iterations", live ? Integer.MAX_VALUE : 1);
        Map<String, long[]> previous = sample(store, new HashMap<>());
        pause(Math.min(delayMillis, 500));
        for (int n = 0; n < iterations; n++) {
            Map<String, long[]> now = new HashMap<>();
            List<Row> rows = new ArrayList<>();
            for (Container c : store.list()) {
                if (c.state() == ContainerState.STOPPED) continue;
                ContainerInfo i = c.info();
                long cpu = i.use().cpuNanos().orElse(0), t = System.nanoTime();
                now.put(c.name(), new long[] {cpu, t});
                long[] p = previous.get(c.name());
                double percent = p == null || t == p[1] ? 0 : 100.0 * (cpu - p[0]) / (t - p[1]);
                rows.add(new Row(i, percent));
            }
            Comparator<Row> order = Sorts.BY_KEY.get(sort);
            rows.sort(a.has("reverse") ? order.reversed() : order);
            if (a.has("json")) {
                System.out.println(json(rows));
                return 0;
            }
            if (live) System.out.print("\033[H\033[2J");
            print(rows);
            previous = now;
            if (n + 1 < iterations) pause(delayMillis);
            if (Thread.currentThread().isInterrupted()) break;   // Ctrl-C in the REPL: back to the prompt
        }
        return 0;
    }

    private static Map<String, long[]> sample(Store store, Map<String, long[]> out) {
        for (Container c : store.list())
            if (c.state() != ContainerState.STOPPED) out.put(c.name(), new long[] {c.info().use().cpuNanos().orElse(0), System.nanoTime()});
        return out;
    }

    private static void print(List<Row> rows) {
        List<List<String>> table = new ArrayList<>();
        for (Row r : rows) {
            var u = r.info.use();
            table.add(List.of(r.info.name(), r.info.state().name(), Units.twoDecimals(r.cpuPercent),
                    u.cpuNanos().isPresent() ? Units.twoDecimals(u.cpuNanos().getAsLong() / 1e9) : "-",
                    u.memoryBytes().isPresent() ? Units.bytes(u.memoryBytes().getAsLong(), false) : "-",
                    u.kmemBytes().isPresent() ? Units.bytes(u.kmemBytes().getAsLong(), false) : "-",
                    u.blkioBytes().isPresent() ? Units.bytes(u.blkioBytes().getAsLong(), false) : "-",
                    u.pids().isPresent() ? Long.toString(u.pids().getAsLong()) : "-"));
        }
        Table.print(List.of("CONTAINER", "STATE", "CPU%", "CPU(s)", "MEMORY", "KMEM", "BLKIO", "PIDS"), table);
    }

    private static String json(List<Row> rows) {
        StringBuilder b = new StringBuilder("[");
        for (Row r : rows) {
            var u = r.info.use();
            if (b.length() > 1) b.append(",");
            b.append("\n  {\"name\": ").append(Json.str(r.info.name())).append(", \"state\": ").append(Json.str(r.info.state().name()))
                    .append(", \"cpu_percent\": ").append(Units.twoDecimals(r.cpuPercent))
                    .append(", \"cpu_ns\": ").append(u.cpuNanos().isPresent() ? u.cpuNanos().getAsLong() : "null")
                    .append(", \"memory\": ").append(u.memoryBytes().isPresent() ? u.memoryBytes().getAsLong() : "null")
                    .append(", \"kmem\": ").append(u.kmemBytes().isPresent() ? u.kmemBytes().getAsLong() : "null")
                    .append(", \"blkio\": ").append(u.blkioBytes().isPresent() ? u.blkioBytes().getAsLong() : "null")
                    .append(", \"pids\": ").append(u.pids().isPresent() ? u.pids().getAsLong() : "null").append("}");
        }
        return b.append(rows.isEmpty() ? "]" : "\n]").toString();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
