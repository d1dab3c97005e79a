package glxc.cli;

import glxc.runtime.api.ContainerInfo;

import java.util.List;
import java.util.stream.Collectors;

/** The little JSON glxc prints for scripts (ls --json). */
final class Json {
    private Json() {}

    static String infos(List<ContainerInfo> infos) {
        if (infos.isEmpty()) return "[]";
        return infos.stream().map(Json::info).collect(Collectors.joining(",\n  ", "[\n  ", "\n]"));
    }

    private static String info(ContainerInfo i) {
        return "{\"name\": " + str(i.name()) + ", \"state\": " + str(i.state().name()) + ", \"pid\": " + (i.pid() > 0 ? i.pid() : "null")
                + ", \"ipv4\": " + list(i.ipv4()) + ", \"ipv6\": " + list(i.ipv6()) + ", \"autostart\": " + i.autostart()
                + ", \"groups\": " + list(i.groups()) + ", \"backend\": \"" + i.backend() + "\", \"snapshots\": " + i.snapshotCount()
                + ", \"memory\": " + (i.memoryBytes().isPresent() ? i.memoryBytes().getAsLong() : "null")
                + ", \"config\": " + str(i.configPath().toString()) + "}";
    }

    private static String list(List<String> l) {
        return l.stream().map(Json::str).collect(Collectors.joining(", ", "[", "]"));
    }

    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') b.append('\\').append(ch);
            else if (ch < 0x20) b.append(String.format("\\u%04x", (int) ch));
            else b.append(ch);
        }
        return b.append('"').toString();
    }
}
