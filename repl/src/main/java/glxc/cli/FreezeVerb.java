package glxc.cli;

import java.util.List;

final class FreezeVerb extends Verb {
    private final boolean freeze;

    FreezeVerb(boolean freeze) {
        this.freeze = freeze;
    }

    String name() { return freeze ? "freeze" : "unfreeze"; }
    String summary() { return freeze ? "freeze every process of a container (lxc-freeze)" : "thaw a frozen container (lxc-unfreeze)"; }

    List<Option> options() {
        return List.of(NAME, LXCPATH);
    }

    int run(Arguments a) {
        if (freeze) existing(a).freeze();
        else existing(a).unfreeze();
        return 0;
    }
}
