package glxc.cli;

import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerInfo;
import glxc.runtime.api.ContainerState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

final class LsVerb extends Verb {
    /** In a holder: the lambdas are made only when ls runs, not on every glxc command. */
    private static final class Columns {
        static final Map<String, Function<ContainerInfo, String>> COLUMNS = new LinkedHashMap<>();

        static {
        COLUMNS.put("NAME", ContainerInfo::name);
        COLUMNS.put("STATE", i -> i.state().name());
        COLUMNS.put("IPV4", i -> i.ipv4().isEmpty() ? "-" : String.join(", ", i.ipv4()));
        COLUMNS.put("IPV6", i -> i.ipv6().isEmpty() ? "-" : String.join(", ", i.ipv6()));
        COLUMNS.put("AUTOSTART", i -> i.autostart() ? "1" : "0");
        COLUMNS.put("PID", i -> i.pid() > 0 ? Integer.toString(i.pid()) : "-");
        COLUMNS.put("GROUPS", i -> i.groups().isEmpty() ? "-" : String.join(",", i.groups()));
        COLUMNS.put("BACKEND", ContainerInfo::backend);
        COLUMNS.put("SNAPSHOTS", i -> Integer.toString(i.snapshotCount()));
        COLUMNS.put("MEMORY", i -> i.memoryBytes().isPresent() ? Units.bytes(i.memoryBytes().getAsLong(), false) : "-");
        }
    }

    String name() { return "ls"; }
    String summary() { return "list containers; --fancy for a table, --json for scripts (lxc-ls)"; }
    String operands() { return "[FILTER-REGEX]"; }

    List<Option> options() {
        return List.of(LXCPATH,
                Option.flag("-f,--fancy", "a table: NAME STATE IPV4 IPV6 AUTOSTART PID"),
                Option.value("-F,--fancy-format", "COLS", "the table's columns, from " + String.join(",", Columns.COLUMNS.keySet()).toLowerCase(Locale.ROOT)),
                Option.flag("--running", "only running containers"),
                Option.flag("--stopped", "only stopped containers"),
                Option.flag("-1,--line", "one name per line"),
                Option.flag("--json", "a JSON array, for scripts"));
    }

    int run(Arguments a) {
        List<String> cols = a.value("fancy-format") == null ? List.of("NAME", "STATE", "IPV4", "IPV6", "AUTOSTART", "PID")
                : List.of(a.value("fancy-format").toUpperCase(Locale.ROOT).split(","));
        for (String col : cols)
            if (!Columns.COLUMNS.containsKey(col)) throw new UsageException("unknown column '" + col.toLowerCase(Locale.ROOT) + "' (" + String.join(",", Columns.COLUMNS.keySet()).toLowerCase(Locale.ROOT) + ")");
        boolean table = a.has("fancy") || a.has("fancy-format");
        boolean needInfo = table || a.has("json") || a.has("running") || a.has("stopped");
        Pattern filter = a.positional().isEmpty() ? null : Pattern.compile(a.positional().get(0));
        List<String> names = new ArrayList<>();
        List<ContainerInfo> infos = new ArrayList<>();
        for (Container c : store(a).list()) {
            if (filter != null && !filter.matcher(c.name()).find()) continue;
            if (!needInfo) {
                names.add(c.name());
                continue;
            }
            ContainerInfo i = c.info();
            if (a.has("running") && i.state() == ContainerState.STOPPED) continue;
            if (a.has("stopped") && i.state() != ContainerState.STOPPED) continue;
            infos.add(i);
            names.add(c.name());
        }
        if (a.has("json")) System.out.println(Json.infos(infos));
        else if (table) Table.print(cols, infos.stream().map(i -> cols.stream().map(col -> Columns.COLUMNS.get(col).apply(i)).toList()).toList());
        else if (a.has("line")) names.forEach(System.out::println);
        else if (!names.isEmpty()) System.out.println(String.join("  ", names));
        return 0;
    }
}
