package glxc.dsl;

import glxc.runtime.config.ConfigFile;
import glxc.runtime.config.ConfigLine;
import glxc.runtime.config.ConfigKeys;
import glxc.runtime.config.ContainerConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a container's config differs from what its script declares. A single key must hold the declared
 * value; a list key must hold the declared values, and lose the ones the script set last time and no
 * longer declares — values a template wrote (mount entries, environment) are not the script's to remove.
 */
record ConfigDiff(List<Change> changes) {
    record Change(String key, List<String> before, List<String> after) {
        String describe() {
            return key + ": " + show(before) + " -> " + show(after);
        }

        private static String show(List<String> values) {
            return values.isEmpty() ? "(unset)" : values.size() == 1 ? values.get(0) : values.toString();
        }
    }

    static ConfigDiff of(ContainerSpec spec, ContainerConfig config, List<String> managedBefore) {
        Map<String, List<String>> desired = new LinkedHashMap<>();
        for (ContainerSpec.Setting s : spec.settings()) desired.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s.value());
        Map<String, List<String>> previous = new LinkedHashMap<>();
        for (String line : managedBefore) {
            int eq = line.indexOf('=');
            if (eq > 0) previous.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1));
        }
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : desired.entrySet()) {
            List<String> now = config.getAll(e.getKey());
            List<String> after;
            if (isList(e.getKey())) {
                after = new ArrayList<>(now);
                after.removeAll(previous.getOrDefault(e.getKey(), List.of()).stream().filter(v -> !e.getValue().contains(v)).toList());
                for (String v : e.getValue()) if (!after.contains(v)) after.add(v);
            } else {
                after = List.of(e.getValue().get(e.getValue().size() - 1));
            }
            if (!after.equals(now)) changes.add(new Change(e.getKey(), now, after));
        }
        for (Map.Entry<String, List<String>> e : previous.entrySet()) {
            if (desired.containsKey(e.getKey())) continue;
            List<String> now = config.getAll(e.getKey());
            List<String> after = new ArrayList<>(now);
            after.removeAll(e.getValue());
            if (!after.equals(now)) changes.add(new Change(e.getKey(), now, after));
        }
        return new ConfigDiff(List.copyOf(changes));
    }

    /** The script's settings as ManagedKeys records them ("key=value" lines). */
    static List<String> managed(ContainerSpec spec) {
        return spec.settings().stream().map(ContainerSpec.Setting::definition).toList();
    }

    boolean isEmpty() {
        return changes.isEmpty();
    }

    /**
     * Writes the changes into the container's own config file. Values that come from an lxc.include'd
     * file stay there (they are part of "after" already): only the main file's lines are rewritten.
     */
    void applyTo(ConfigFile file, ContainerConfig config) {
        for (Change c : changes) {
            List<String> included = config.lines(c.key()).stream()
                    .filter(l -> l.file() != null && !l.file().equals(file.path())).map(ConfigLine::value).toList();
            file.unset(c.key());
            List<String> own = new ArrayList<>(c.after());
            for (String v : included) own.remove(v);
            for (String v : own) file.append(c.key(), v);
        }
    }

    private static boolean isList(String key) {
        return ConfigKeys.find(key).map(ConfigKeys.Key::list).orElse(false);
    }
}
