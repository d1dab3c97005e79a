package glxc.cli;

import java.util.List;

final class DestroyVerb extends Verb {
    String name() { return "destroy"; }
    String summary() { return "destroy a container and its rootfs; refuses a running one unless -f (lxc-destroy)"; }

    List<Option> options() {
        return List.of(NAME, LXCPATH, Option.flag("-f,--force", "kill it first if it is running"),
                Option.flag("-s,--snapshots", "destroy its snapshots too"),
                Option.flag("--with-clones", "destroy the containers whose overlay lower is its rootfs too"));
    }

    int run(Arguments a) {
        existing(a).destroy(a.has("force"), a.has("snapshots"), a.has("with-clones"));
        return 0;
    }
}
