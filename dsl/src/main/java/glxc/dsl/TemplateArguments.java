package glxc.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A template's named options as its command-line arguments: release: "bookworm" is --release bookworm. */
final class TemplateArguments {
    private TemplateArguments() {}

    static List<String> of(Map<String, Object> options) {
        List<String> args = new ArrayList<>();
        options.forEach((k, v) -> {
            args.add("--" + k);
            args.add(String.valueOf(v));
        });
        return args;
    }
}
