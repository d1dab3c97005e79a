package glxc.cli;

import glxc.runtime.api.CreateOptions;
import glxc.runtime.api.Store;
import glxc.runtime.api.IdMaps;

import java.nio.file.Path;
import java.util.List;
import java.util.ArrayList;
import java.util.Optional;

final class CreateVerb extends Verb {
    String name() { return "create"; }
    String summary() { return "create a container from a template (lxc-create)"; }
    String operands() { return "[-- TEMPLATE-OPTIONS...]"; }

    List<Option> options() {
        return List.of(NAME, LXCPATH,
                Option.value("-t,--template", "TEMPLATE", "busybox, host, none, lxc-NAME's NAME, or a path to an LXC-style template"),
                Option.value("-f,--config", "FILE", "start from this config file"),
                Option.value("-s,--define", "KEY=VAL", "set a config key (repeatable)"),
                Option.value("-B,--bdev", "TYPE", "the rootfs's storage: dir (default), overlay (writes go to overlay/delta), btrfs (a subvolume)"),
                Option.flag("--unprivileged", "map root to an unprivileged id range (/etc/subuid, else 100000+65536); the default when /etc/subuid has a range for you"),
                Option.flag("--privileged", "no user namespace, even when /etc/subuid has a range for you"),
                Option.flag("-q,--quiet", "no template output (errors and warnings still show)"));
    }

    int run(Arguments a) {
        Path config = a.value("config") == null ? null : Path.of(a.value("config"));
        List<String> defines = new ArrayList<>(a.values("define"));
        boolean explicitMaps = defines.stream().anyMatch(d -> d.startsWith("lxc.idmap"));
        Optional<IdMaps> maps = a.has("unprivileged") ? Optional.of(IdMaps.forCurrentUser())
                : a.has("privileged") || explicitMaps ? Optional.empty() : IdMaps.delegatedToCurrentUser();
        if (maps.isPresent()) {
            defines.addAll(maps.get().definitions());
            System.err.println("glxc: unprivileged: root inside is uid " + maps.get().uidStart() + " outside (from " + maps.get().source()
                    + (a.has("unprivileged") ? "" : "; --privileged to go without") + ")");
        }
        Store store = Store.open(a.value("lxcpath"));
        ProgressLine progress = new ProgressLine(a.has("quiet"));
        store.addListener(progress);
        try {
            store.create(containerName(a), new CreateOptions(a.value("template"), a.trailing(), config, defines, a.value("bdev")));
        } finally {
            progress.end();
        }
        return 0;
    }
}
