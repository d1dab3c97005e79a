package glxc.cli;

import glxc.runtime.api.LegacyConfig;

import java.nio.file.Path;
import java.util.List;

/** glxc update-config -c FILE: pre-3.0 keys rewritten to today's names, FILE.backup kept (lxc-update-config). */
final class UpdateConfigVerb extends Verb {
    String name() { return "update-config"; }
    String summary() { return "rewrite a pre-3.0 LXC config's keys (lxc.network.*, lxc.rootfs, lxc.utsname...) to today's (lxc-update-config)"; }

    List<Option> options() {
        return List.of(Option.value("-c,--config", "FILE", "the config file to update (a .backup copy is kept)"));
    }

    int run(Arguments a) {
        String file = a.value("config");
        if (file == null) throw new UsageException("glxc update-config -c FILE");
        List<String> changes = LegacyConfig.update(Path.of(file));
        for (String c : changes) System.out.println(c);
        if (changes.isEmpty()) System.out.println(file + ": nothing to update");
        return 0;
    }

    @Override
    String containerName(Arguments a) {
        throw new UsageException("glxc update-config works on a file: -c FILE");
    }
}
