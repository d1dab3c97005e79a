package glxc.runtime.api;

import glxc.runtime.config.ConfigUpdate;

import java.nio.file.Path;
import java.util.List;

/** Pre-3.0 LXC configs (lxc-update-config): rewritten in place with today's key names, FILE.backup kept. */
public final class LegacyConfig {
    private LegacyConfig() {}

    /** The changes made, one line each ("line 2: lxc.utsname -> lxc.uts.name"); none when the file is current. */
    public static List<String> update(Path file) {
        return ConfigUpdate.updateFile(file).changes();
    }
}
