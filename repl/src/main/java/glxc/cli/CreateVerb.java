package glxc.cli;

import glxc.runtime.api.CreateOptions;
import glxc.runtime.api.IdMaps;

import java.nio.file.Path;
import java.util.List;

final class CreateVerb extends Verb {
    String name() { return "create"; }
    String summary() { return "create a container from a template (lxc-create)"; }
    String operands() { return "[-- TEMPLATE-OPTIONS...]"; }

    List<Option> options() {
        return List.of(NAME, LXCPATH,
                Option.value("-t,--template", "TEMPLATE", "busybox, host, none, lxc-NAME's NAME, or a path to an LXC-style template"),
                Option.value("-f,--config", "FILE", "start from this config file"),
                Option.value("-s,--define", "KEY=VAL", "set a config key (repeatable)"),
                Option.flag("--unprivileged", "map root to an unprivileged id range (/etc/subuid, else 100000+65536)"));
    }

    int run(Arguments a) {
        Path config = a.value("config") == null ? null : Path.of(a.value("config"));
        List<String> defines = new java.util.ArrayList<>(a.values("define"));
        if (a.has("unprivileged")) {
            IdMaps maps = IdMaps.forCurrentUser();
            defines.addAll(maps.definitions());
            System.err.println("glxc: unprivileged: root inside is uid " + maps.uidStart() + " outside (from " + maps.source() + ")");
        }
        store(a).create(containerName(a), new CreateOptions(a.value("template"), a.trailing(), config, defines));
        return 0;
    }
}
