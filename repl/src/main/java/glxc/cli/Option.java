package glxc.cli;

import java.util.List;

/** One option of a verb: its spellings, the label of its value (null for a flag) and its help line. */
record Option(List<String> names, String valueLabel, String help) {
    static Option flag(String names, String help) {
        return new Option(List.of(names.split(",")), null, help);
    }

    static Option value(String names, String label, String help) {
        return new Option(List.of(names.split(",")), label, help);
    }

    String key() {
        return names.get(names.size() - 1).replaceFirst("^-+", "");
    }

    boolean takesValue() {
        return valueLabel != null;
    }
}
