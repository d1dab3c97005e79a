package glxc.cli;

import java.util.List;

final class DestroyVerb extends Verb {
    String name() { return "destroy"; }
    String summary() { return "destroy a container and its rootfs; refuses a running one unless -f (lxc-destroy)"; }

    List<Option> options() {
        return List.of(NAME, LXCPATH, Option.flag("-f,--force", "kill it first if it is running"));
    }

    int run(Arguments a) {
        existing(a).destroy(a.has("force"));
        return 0;
    }
}
