package glxc.cli;

import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerInfo;
import glxc.runtime.api.ContainerState;
import glxc.runtime.api.GlxcException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Pattern;

@Command(name = "ls", description = "List containers (like lxc-ls); --fancy for a table, --json for scripts.")
final class LsCommand implements Callable<Integer> {
    private static final Map<String, Function<ContainerInfo, String>> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("NAME", ContainerInfo::name);
        COLUMNS.put("STATE", i -> i.state().name());
        COLUMNS.put("IPV4", i -> i.ipv4().isEmpty() ? "-" : String.join(", ", i.ipv4()));
        COLUMNS.put("IPV6", i -> i.ipv6().isEmpty() ? "-" : String.join(", ", i.ipv6()));
        COLUMNS.put("AUTOSTART", i -> i.autostart() ? "1" : "0");
        COLUMNS.put("PID", i -> i.pid() > 0 ? Integer.toString(i.pid()) : "-");
        COLUMNS.put("GROUPS", i -> i.groups().isEmpty() ? "-" : String.join(",", i.groups()));
        COLUMNS.put("MEMORY", i -> i.memoryBytes().isPresent() ? Units.bytes(i.memoryBytes().getAsLong(), false) : "-");
    }

    @Mixin StoreOptions store;

    @Option(names = {"-f", "--fancy"}, description = "a table of NAME STATE IPV4 IPV6 AUTOSTART PID") boolean fancy;
    @Option(names = {"-F", "--fancy-format"}, paramLabel = "COLS", split = ",", description = "the table's columns: name,state,ipv4,ipv6,autostart,pid,groups,memory") List<String> format;
    @Option(names = "--running", description = "only running containers") boolean running;
    @Option(names = "--stopped", description = "only stopped containers") boolean stopped;
    @Option(names = "-1", description = "one name per line") boolean one;
    @Option(names = "--json", description = "a JSON array, for scripts") boolean json;
    @Parameters(arity = "0..1", paramLabel = "FILTER", description = "a regular expression names must match") String filter;

    @Override
    public Integer call() {
        List<String> cols = format == null ? List.of("NAME", "STATE", "IPV4", "IPV6", "AUTOSTART", "PID")
                : format.stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).toList();
        for (String col : cols) if (!COLUMNS.containsKey(col)) throw new GlxcException("unknown column '" + col + "' (" + String.join(", ", COLUMNS.keySet()).toLowerCase(Locale.ROOT) + ")");
        Pattern p = filter == null ? null : Pattern.compile(filter);
        List<ContainerInfo> infos = new ArrayList<>();
        for (Container c : store.store().list()) {
            if (p != null && !p.matcher(c.name()).find()) continue;
            boolean needInfo = fancy || format != null || json || running || stopped;
            ContainerInfo i = needInfo ? c.info() : null;
            if (running && (i == null || i.state() == ContainerState.STOPPED)) continue;
            if (stopped && i.state() != ContainerState.STOPPED) continue;
            infos.add(i != null ? i : new ContainerInfo(c.name(), null, 0, List.of(), List.of(), null, null, null, null, null, false, List.of(), null, 0));
        }
        if (json) System.out.println(Json.infos(infos));
        else if (fancy || format != null) Table.print(cols, infos.stream().map(i -> cols.stream().map(col -> COLUMNS.get(col).apply(i)).toList()).toList());
        else if (one) infos.forEach(i -> System.out.println(i.name()));
        else if (!infos.isEmpty()) System.out.println(String.join("  ", infos.stream().map(ContainerInfo::name).toList()));
        return 0;
    }
}
