package glxc.cli;

import glxc.dsl.Applier;
import glxc.dsl.Dsl;
import glxc.dsl.PlanStep;
import glxc.dsl.ReplSession;
import glxc.dsl.ScriptModel;
import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerState;
import glxc.runtime.api.Store;
import org.jline.reader.EndOfFileException;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Status;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The glxc REPL: a thin JLine loop over the engine (the only class, with ReplCompleter, that imports
 * JLine). A line is a verb with its flags (the command line's own classes), a :command, or Groovy with
 * the scripts' compiler configuration and one binding for the session: container { } declarations
 * gather into the session, and `apply` / `plan` with no file act on them.
 */
final class Repl {
    private final Terminal terminal;
    private final Store store;
    private final ReplSession session;
    private final LineReader reader;
    private Throwable last;

    Repl(Terminal terminal, Store store, Path historyFile) {
        this.terminal = terminal;
        this.store = store;
        this.session = new ReplSession(store);
        DefaultParser parser = new DefaultParser();
        parser.setEofOnUnclosedBracket(DefaultParser.Bracket.CURLY, DefaultParser.Bracket.ROUND, DefaultParser.Bracket.SQUARE);
        parser.setEofOnUnclosedQuote(true);
        LineReaderBuilder b = LineReaderBuilder.builder().terminal(terminal).appName("glxc").parser(parser).completer(new ReplCompleter(store, this::variable)).highlighter(new ReplHighlighter());
        if (historyFile != null) b.variable(LineReader.HISTORY_FILE, historyFile);
        this.reader = b.build();
        reader.setOpt(LineReader.Option.DISABLE_EVENT_EXPANSION);   // a ! in Groovy is Groovy's
        reader.setVariable(LineReader.SECONDARY_PROMPT_PATTERN, "....> ");
        reader.setAutosuggestion(LineReader.SuggestionType.HISTORY);   // the rest of a matching history line, greyed; right arrow takes it
    }

    private Object variable(String name) {
        return session.variable(name);
    }

    int run() {
        PrintWriter out = terminal.writer();
        Thread loop = Thread.currentThread();
        terminal.handle(Terminal.Signal.INT, signal -> loop.interrupt());   // Ctrl-C stops the running command, never the REPL
        List<Container> all = store.list();
        long running = all.stream().filter(c -> c.state() == ContainerState.RUNNING).count();
        updateStatus();   // first: setting up the status line redraws the screen
        out.println(Main.VERSION + " — " + all.size() + " containers (" + running + " running) in " + store.path() + " — :help for help");
        out.flush();
        while (true) {
            String line;
            try {
                line = reader.readLine("glxc> ");
            } catch (UserInterruptException e) {
                continue;   // Ctrl-C clears the line, never ends the session
            } catch (EndOfFileException e) {
                return 0;   // Ctrl-D
            }
            if (line == null) return 0;
            String trimmed = line.strip();
            if (trimmed.isEmpty()) continue;
            try {
                if (!handle(trimmed, out)) return 0;
            } catch (Exception | StackOverflowError | AssertionError e) {   // Groovy may throw checked ones (an interrupt)
                last = e;
                out.println("error: " + (e instanceof InterruptedException ? "interrupted" : e.getMessage()));
            } finally {
                Thread.interrupted();   // a Ctrl-C that came after the command ended is spent
            }
            out.flush();
            updateStatus();
        }
    }

    /** The bottom line of a capable terminal: how many containers run, refreshed after every line. */
    private void updateStatus() {
        Status status = Status.getStatus(terminal);
        if (status == null) return;   // a dumb terminal, or piped input
        List<Container> all = store.list();
        long running = all.stream().filter(c -> c.state() == ContainerState.RUNNING).count();
        status.update(List.of(new AttributedString("glxc: " + running + "/" + all.size() + " containers running in " + store.path()
                + (session.model().isEmpty() ? "" : " | session: " + session.model().containers().size() + " declared"))));
    }

    /** One input; false to end the session. */
    private boolean handle(String line, PrintWriter out) {
        List<String> words = reader.getParser().parse(line, line.length()).words().stream().filter(w -> !w.isEmpty()).toList();
        String first = words.get(0);
        if (first.startsWith(":")) return command(first, words.subList(1, words.size()), out);
        if ((first.equals("apply") || first.equals("plan")) && words.size() == 1) {
            sessionPlanOrApply(first.equals("apply"), out);
            return true;
        }
        if (Main.find(first) != null && isVerbLine(line, first)) {
            out.flush();
            int code = Main.run(words.toArray(String[]::new));
            if (code != 0) out.println("(exit " + code + ")");
            return true;
        }
        Object value = session.evaluate(line);
        if (value != null) out.println("==> " + value);
        return true;
    }

    /** A verb's name followed by ( . = or { is Groovy (start(), ls.size(), top = 3); followed by a space or nothing, the verb. */
    private static boolean isVerbLine(String line, String verb) {
        String rest = line.substring(verb.length());
        return rest.isEmpty() || Character.isWhitespace(rest.charAt(0)) && !rest.strip().startsWith("=") && !rest.strip().startsWith("{");
    }

    private void sessionPlanOrApply(boolean apply, PrintWriter out) {
        ScriptModel model = session.model();
        if (model.isEmpty()) {
            out.println("nothing declared in this session (container \"x\", { ... }), or give a file: " + (apply ? "apply" : "plan") + " FILE");
            return;
        }
        model.check();
        if (!apply) {
            for (PlanStep s : Dsl.plan(store, model)) out.println(s);
            return;
        }
        Applier.Result r = Dsl.apply(store, model, false, line -> {
            out.println(line);
            out.flush();
        });
        r.failed().forEach((k, v) -> out.println("error: " + k + ": " + v));
    }

    private boolean command(String name, List<String> args, PrintWriter out) {
        switch (name) {
            case ":quit", ":exit", ":q" -> {
                return false;
            }
            case ":help", ":h" -> out.print(help());
            case ":history" -> {
                for (History.Entry e : reader.getHistory()) out.println(String.format("%5d  %s", e.index() + 1, e.line()));
            }
            case ":trace" -> {
                if (last == null) out.println("no error yet");
                else {
                    StringWriter w = new StringWriter();
                    last.printStackTrace(new PrintWriter(w));
                    out.print(w);
                }
            }
            case ":load" -> {
                if (args.size() != 1) throw new UsageException(":load FILE");
                try {
                    Object v = session.evaluate(Files.readString(Path.of(args.get(0))));
                    out.println("loaded " + args.get(0) + (v != null ? " ==> " + v : ""));
                } catch (IOException e) {
                    throw new UsageException("cannot read " + args.get(0) + ": " + e.getMessage());
                }
            }
            case ":save" -> {
                if (args.size() != 1) throw new UsageException(":save FILE");
                try {
                    Files.writeString(Path.of(args.get(0)), session.script());
                    out.println("saved the session's declarations to " + args.get(0));
                } catch (IOException e) {
                    throw new UsageException("cannot write " + args.get(0) + ": " + e.getMessage());
                }
            }
            case ":shell" -> {
                if (args.size() != 1) throw new UsageException(":shell NAME");
                out.flush();
                int code = Main.run("attach", "-n", args.get(0), "--escape");   // a pty from the container's devpts; exit, Ctrl-] or ~. return here
                if (code != 0) out.println("(exit " + code + ")");
            }
            default -> out.println("unknown command " + name + " (:help lists them)");
        }
        return true;
    }

    private static String help() {
        return """
                Lines are glxc verbs (ls, start web -d, info -n web ...), :commands, or Groovy:
                  container("tmp") { template "busybox"; memory limit: "64M" }   declare, as in .lxc.groovy
                  plan / apply              what the session declared (plan FILE / apply FILE for a script)
                  web.info().pid()          containers of the store are variables; so is store
                :shell NAME   a shell inside NAME (exit, Ctrl-] or ~. come back)
                :load FILE    evaluate a script into the session       :save FILE   the session's declarations
                :history      this and earlier sessions' lines          :trace       the last error's stack
                :quit         (or Ctrl-D)                               Tab completes verbs, flags, names, keys
                """;
    }
}
