package glxc.cli;

import glxc.runtime.api.Container;

import java.util.List;

final class ConsoleVerb extends Verb {
    String name() { return "console"; }
    String summary() { return "attach this terminal to a container's tty or console; Ctrl+a q detaches (lxc-console)"; }

    List<Option> options() {
        return List.of(NAME, LXCPATH,
                Option.value("-t,--tty", "N", "tty number: 0 for the console, default the first free tty"),
                Option.value("-e,--escape", "LETTER", "the escape key, Ctrl+LETTER (default a)"));
    }

    int run(Arguments a) {
        Container c = existing(a);
        String escape = a.value("escape") != null ? a.value("escape") : "a";
        if (escape.length() != 1) throw new UsageException("-e takes one letter (Ctrl+letter is the escape)");
        ProcessBuilder.Redirect inherit = ProcessBuilder.Redirect.INHERIT;
        return c.console(a.intValue("tty", -1), escape.charAt(0), inherit, inherit, inherit).waitFor();
    }
}
