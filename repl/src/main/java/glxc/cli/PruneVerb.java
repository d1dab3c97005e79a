package glxc.cli;

import glxc.runtime.storage.LayerStore;

import java.nio.file.Path;
import java.util.List;

final class PruneVerb extends Verb {
    String name() { return "prune"; }
    String summary() { return "remove the layers no container, snapshot, name or other layer uses, and what killed copies left"; }

    List<Option> options() {
        return List.of(LXCPATH,
                Option.flag("-a,--all", "also the layers kept only by a name (cached results)"),
                Option.flag("--dry-run", "only say what would go"));
    }

    int run(Arguments a) {
        boolean dry = a.has("dry-run");
        LayerStore.Pruned p = store(a).prune(a.has("all"), dry);
        String verb = dry ? "would remove" : "removed";
        for (String n : p.names()) System.out.println(verb + " name " + n);
        for (String l : p.layers()) System.out.println(verb + " layer " + l);
        for (Path s : p.staging()) System.out.println(verb + " unfinished " + s);
        System.out.println((dry ? "would free " : "freed ") + Units.bytes(p.bytes(), false) + " in " + p.layers().size() + " layer(s)");
        return 0;
    }
}
