package glxc.cli;

import glxc.runtime.api.SystemConfig;

import java.util.List;

/** glxc config [-l] [KEY]: glxc's system-wide settings (lxc-config). */
final class ConfigVerb extends Verb {
    String name() { return "config"; }
    String summary() { return "show a system-wide setting (lxc.lxcpath, the cgroup layout...), -l lists them (lxc-config)"; }
    String operands() { return "[KEY]"; }

    List<Option> options() {
        return List.of(Option.flag("-l,--list", "list the keys"));
    }

    int run(Arguments a) {
        if (a.has("list") || a.positional().isEmpty()) {
            for (String k : SystemConfig.keys()) System.out.println(k);
            return 0;
        }
        for (String key : a.positional()) System.out.println(SystemConfig.get(key));
        return 0;
    }

    @Override
    String containerName(Arguments a) {
        throw new UsageException("glxc config shows system-wide settings");
    }
}
