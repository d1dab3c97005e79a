package glxc.cli;

import glxc.runtime.api.Store;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** glxc repl (or glxc alone on a terminal): explore containers with verbs, the DSL and the runtime API. */
final class ReplVerb extends Verb {
    String name() { return "repl"; }
    String summary() { return "an interactive session: verbs, the DSL and live objects, with completion and history"; }

    List<Option> options() {
        return List.of(LXCPATH, Option.flag("--no-history", "do not read or write ~/.glxc_history"));
    }

    @Override
    String containerName(Arguments a) {
        throw new UsageException("glxc repl takes no container");
    }

    int run(Arguments a) {
        if (a.value("lxcpath") != null) System.setProperty("glxc.path", a.value("lxcpath"));   // the verbs typed inside use it too
        Store store = store(a);
        Path history = a.has("no-history") ? null : Path.of(System.getProperty("user.home"), ".glxc_history");
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
            return new Repl(terminal, store, history).run();
        } catch (IOException e) {
            throw new UsageException("cannot open the terminal: " + e.getMessage());
        }
    }
}
