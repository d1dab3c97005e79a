package glxc.dsl;

import glxc.runtime.config.Suggestions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The DSL's words that take named options, and the options each accepts: one table for the
 * compile-time check (VocabularyCheck), the runtime check in the contexts, the suggestions and the
 * reference in docs/dsl.md (a spec keeps that page and this table in step).
 */
public final class Vocabulary {
    /** Words of a container block, with their named options (an empty set: no options). */
    public static final Map<String, Set<String>> CONTAINER = new LinkedHashMap<>();
    /** Words of a network block. */
    public static final Map<String, Set<String>> NETWORK = new LinkedHashMap<>();
    /** Top-level words of a script. */
    /** Words of a template block. */
    public static final Map<String, Set<String>> TEMPLATE = new LinkedHashMap<>();
    public static final Map<String, Set<String>> IMAGE = new LinkedHashMap<>();
    public static final List<String> TOP = List.of("container", "network", "template", "image", "include");

    static {
        CONTAINER.put("from", Set.of());
        CONTAINER.put("template", Set.of());   // any options: they become the template's --OPTION VALUE arguments
        CONTAINER.put("hostname", Set.of());
        CONTAINER.put("env", Set.of());        // any names: they are the variables
        CONTAINER.put("command", Set.of());
        CONTAINER.put("cpu", Set.of("shares", "quota", "period", "cores"));
        CONTAINER.put("memory", Set.of("limit", "swap", "reservation"));
        CONTAINER.put("pids", Set.of("max"));
        CONTAINER.put("net", Set.of("bridge", "link", "type", "ipv4", "gateway", "ipv6", "name", "hwaddr", "mtu"));
        CONTAINER.put("mount", Set.of("at", "readonly", "create", "options"));
        CONTAINER.put("port", Set.of());
        CONTAINER.put("dependsOn", Set.of());
        CONTAINER.put("autostart", Set.of("delay", "order", "group"));
        CONTAINER.put("unprivileged", Set.of());
        CONTAINER.put("set", Set.of());
        CONTAINER.put("raw", Set.of());
        TEMPLATE.put("from", Set.of());       // any options: they become the base template's --OPTION VALUE arguments
        TEMPLATE.put("packages", Set.of());
        TEMPLATE.put("file", Set.of("mode"));
        TEMPLATE.put("copy", Set.of("to"));
        TEMPLATE.put("run", Set.of());
        for (String w : List.of("from", "packages", "workdir", "user", "expose", "cmd", "entrypoint", "template", "image")) IMAGE.put(w, Set.of());
        IMAGE.put("run", Set.of("network"));
        IMAGE.put("copy", Set.of("to", "from"));
        IMAGE.put("file", Set.of("mode"));
        IMAGE.put("env", Set.of());
        IMAGE.put("label", Set.of());
        IMAGE.put("mount", Set.of("cache"));
        NETWORK.put("ipv4", Set.of());
        NETWORK.put("nat", Set.of());
        NETWORK.put("dhcp", Set.of());
    }

    private Vocabulary() {}

    /** Words whose option names are free (template options, environment variables). */
    static boolean freeOptions(String word) {
        return word.equals("template") || word.equals("env") || word.equals("from");
    }

    /** " (did you mean 'x'?)" for the closest candidate, or "". */
    static String suggestion(String wrong, Iterable<String> candidates) {
        return Suggestions.closest(wrong, candidates, Math.max(2, wrong.length() / 3));
    }
}
