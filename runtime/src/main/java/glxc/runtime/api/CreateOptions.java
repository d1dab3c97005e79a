package glxc.runtime.api;

import java.nio.file.Path;
import java.util.List;

/**
 * How to create a container: a template (built-in name or path to an LXC-style template script, null
 * for none), the options passed to it after "--", a config file to start from (-f) and KEY=VALUE
 * overrides (-s).
 */
public record CreateOptions(String template, List<String> templateArgs, Path configFile, List<String> overrides, String backend) {
    public CreateOptions {
        templateArgs = List.copyOf(templateArgs);
        overrides = List.copyOf(overrides);
    }

    public CreateOptions(String template, List<String> templateArgs, Path configFile, List<String> overrides) {
        this(template, templateArgs, configFile, overrides, null);
    }

    /** The storage backend of the new rootfs (lxc-create -B): dir (default), overlay (rootfs/ as the lower, writes to overlay/delta), btrfs. */
    public CreateOptions withBackend(String b) {
        return new CreateOptions(template, templateArgs, configFile, overrides, b);
    }

    public static CreateOptions template(String template, String... args) {
        return new CreateOptions(template, List.of(args), null, List.of());
    }

    public CreateOptions withOverrides(String... definitions) {
        return new CreateOptions(template, templateArgs, configFile, List.of(definitions), backend);
    }
}
