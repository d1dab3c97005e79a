package glxc.cli;

import glxc.runtime.api.Container;
import glxc.runtime.api.Store;

import java.util.ArrayList;
import java.util.List;

/**
 * One glxc verb (one LXC tool): its options as a table, which feeds parsing, --help and (later) the
 * REPL's completion, and a run method that calls the runtime API and nothing below it.
 */
abstract class Verb {
    static final Option LXCPATH = Option.value("-P,--lxcpath", "PATH", "the store (default $GLXC_PATH, else /var/lib/glxc; ~/.local/share/glxc for a normal user)");
    static final Option NAME = Option.value("-n,--name", "NAME", "the container");
    static final Option HELP = Option.flag("-h,--help", "show this help");

    abstract String name();

    abstract String summary();

    /** Usage words after the options, e.g. "[-- COMMAND...]". */
    String operands() {
        return "";
    }

    abstract List<Option> options();

    abstract int run(Arguments a);

    List<Option> allOptions() {
        List<Option> all = new ArrayList<>(options());
        all.add(HELP);
        return all;
    }

    Store store(Arguments a) {
        Store store = Store.open(a.value("lxcpath"));
        store.addListener(Main::render);
        return store;
    }

    /** The container named by -n (or the first positional word, as newer LXC tools accept). */
    String containerName(Arguments a) {
        String n = a.value("name");
        if (n == null && !a.positional().isEmpty()) n = a.positional().get(0);
        if (n == null) throw new UsageException("no container name given (glxc " + name() + " -n NAME)");
        return n;
    }

    /** For verbs whose positional words are a command: the name comes from -n only. */
    String nameOptionOnly(Arguments a) {
        if (a.value("name") == null) throw new UsageException("no container name given (glxc " + name() + " -n NAME " + operands() + ")");
        return a.value("name");
    }

    Container existing(Arguments a) {
        return store(a).existing(containerName(a));
    }

    String help() {
        StringBuilder b = new StringBuilder("Usage: glxc " + name() + " [OPTIONS]" + (operands().isEmpty() ? "" : " " + operands()) + "\n");
        b.append(summary()).append("\n\nOptions:\n");
        for (Option o : allOptions()) {
            String names = String.join(", ", o.names()) + (o.takesValue() ? " " + o.valueLabel() : "");
            b.append("  ").append(Units.pad(names, 28)).append(' ').append(o.help()).append('\n');
        }
        return b.toString();
    }
}
