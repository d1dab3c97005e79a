package glxc.cli;

import glxc.dsl.Dsl;

import java.util.List;

/** glxc down FILE: stop and destroy what the script declares, dependants first; nothing else is touched. */
final class DownVerb extends ScriptVerb {
    String name() { return "down"; }
    String summary() { return "stop and destroy a script's containers (dependants first) and its networks"; }

    List<Option> options() {
        return with();
    }

    int run(Arguments a) {
        return finish(Dsl.down(store(a), load(a), line -> System.out.println(line)));
    }
}
