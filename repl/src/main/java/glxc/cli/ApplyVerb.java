package glxc.cli;

import glxc.dsl.Dsl;

import java.util.List;

/** glxc apply FILE: make the host match the script (idempotent). */
final class ApplyVerb extends ScriptVerb {
    static final Option RESTART = Option.flag("--restart", "restart running containers whose change cannot be made live");

    String name() { return "apply"; }
    String summary() { return "make the host match a script: create, change, start what differs; leave the rest"; }

    List<Option> options() {
        return with(RESTART);
    }

    int run(Arguments a) {
        return finish(Dsl.apply(store(a), load(a), a.has("restart"), line -> System.out.println(line)));
    }
}
