package glxc.cli;

import java.util.List;

/** glxc check FILE: compile and validate a script; prints nothing but errors. */
final class CheckVerb extends ScriptVerb {
    String name() { return "check"; }
    String summary() { return "compile and validate a .lxc.groovy script; prints only errors"; }

    List<Option> options() {
        return with();
    }

    int run(Arguments a) {
        load(a);
        return 0;
    }
}
