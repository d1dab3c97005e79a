package glxc.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A verb's parsed command line: option values by key, the positional words, and the words after "--"
 * (the command for execute/attach, the template options for create). Accepts -n web, -nweb,
 * --name web, --name=web; refuses unknown options by name.
 */
final class Arguments {
    private final Map<String, List<String>> values = new HashMap<>();
    private final List<String> positional = new ArrayList<>();
    private final List<String> trailing = new ArrayList<>();
    private boolean sawSeparator;

    static Arguments parse(Verb verb, List<Option> options, List<String> argv) {
        Arguments a = new Arguments();
        for (int i = 0; i < argv.size(); i++) {
            String w = argv.get(i);
            if (a.sawSeparator) {
                a.trailing.add(w);
                continue;
            }
            if (w.equals("--")) {
                a.sawSeparator = true;
                continue;
            }
            if (!w.startsWith("-") || w.equals("-")) {
                a.positional.add(w);
                continue;
            }
            String name = w, inline = null;
            int eq = w.indexOf('=');
            if (w.startsWith("--") && eq > 0) {
                name = w.substring(0, eq);
                inline = w.substring(eq + 1);
            }
            Option o = find(options, name);
            if (o == null && !w.startsWith("--") && w.length() > 2) {   // -nweb
                o = find(options, w.substring(0, 2));
                if (o != null && o.takesValue()) inline = w.substring(2);
                else o = null;
            }
            if (o == null) throw new UsageException("unknown option '" + w + "' for 'glxc " + verb.name() + "' (see glxc " + verb.name() + " --help)");
            String value = "true";
            if (o.takesValue()) {
                if (inline != null) value = inline;
                else if (i + 1 < argv.size()) value = argv.get(++i);
                else throw new UsageException("option '" + name + "' of 'glxc " + verb.name() + "' needs a value (" + o.valueLabel() + ")");
            }
            a.values.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(value);
        }
        return a;
    }

    private static Option find(List<Option> options, String name) {
        for (Option o : options) if (o.names().contains(name)) return o;
        return null;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    String value(String key) {
        List<String> v = values.get(key);
        return v == null ? null : v.get(v.size() - 1);
    }

    List<String> values(String key) {
        return values.getOrDefault(key, List.of());
    }

    int intValue(String key, int fallback) {
        String v = value(key);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + key + " expects a number, found '" + v + "'");
        }
    }

    List<String> positional() {
        return positional;
    }

    List<String> trailing() {
        return trailing;
    }

    /** The command of execute/attach: the words after "--", else the positional words. */
    List<String> command() {
        return sawSeparator ? trailing : positional;
    }
}
