package glxc.cli;

import glxc.runtime.api.Container;
import glxc.runtime.api.Store;
import glxc.runtime.config.ConfigKeys;
import glxc.runtime.template.Templates;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import java.util.ArrayList;
import java.util.List;

/**
 * What the REPL completes, from the engine's own tables: verbs and : commands first, then a verb's
 * flags, container names after -n (and for verbs that take a name), network names, template names
 * after -t, config keys after -s (lxc.net.N. completes with N = 0).
 */
final class ReplCompleter implements Completer {
    static final List<String> COMMANDS = List.of(":help", ":quit", ":history", ":load", ":save", ":shell", ":trace");
    private final Store store;

    ReplCompleter(Store store) {
        this.store = store;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> out) {
        List<String> words = line.words();
        int at = line.wordIndex();
        if (at == 0) {
            for (Verb v : Main.VERBS) out.add(new Candidate(v.name(), v.name(), "verbs", v.summary(), null, null, true));
            for (String c : COMMANDS) out.add(new Candidate(c, c, "commands", null, null, null, true));
            return;
        }
        String first = words.get(0);
        String previous = at > 0 ? words.get(at - 1) : "";
        if (first.equals(":shell")) {
            containers(out);
            return;
        }
        Verb verb = Main.find(first);
        if (verb == null) return;
        if (previous.equals("-n") || previous.equals("--name")) containers(out);
        else if (previous.equals("-t") || previous.equals("--template")) templates(out);
        else if (previous.equals("-s") || previous.equals("--define")) keys(out);
        else if (first.equals("network") && at == 2 && List.of("delete", "rm").contains(words.get(1))) networks(out);
        else if (first.equals("network") && at == 1) for (String s : List.of("create", "delete", "ls")) out.add(new Candidate(s));
        else {
            for (Option o : verb.allOptions()) for (String n : o.names()) out.add(new Candidate(n, n, "flags", o.help(), null, null, true));
            if (at == 1 && !first.equals("network")) containers(out);
        }
    }

    private void containers(List<Candidate> out) {
        for (Container c : store.list()) out.add(new Candidate(c.name(), c.name(), "containers", null, null, null, true));
    }

    private void networks(List<Candidate> out) {
        for (var n : store.networks().list()) out.add(new Candidate(n.name(), n.name(), "networks", n.ipv4().toString(), null, null, true));
    }

    private static void templates(List<Candidate> out) {
        for (String t : Templates.names()) out.add(new Candidate(t, t, "templates", null, null, null, true));
    }

    /** Config keys as KEY=, with pattern keys' N as 0 (lxc.net.N.type completes as lxc.net.0.type). */
    private static void keys(List<Candidate> out) {
        List<String> seen = new ArrayList<>();
        for (ConfigKeys.Key k : ConfigKeys.all()) {
            String name = k.name().replace(".N.", ".0.");
            if (name.endsWith("*") || name.endsWith(".") || seen.contains(name)) continue;
            seen.add(name);
            out.add(new Candidate(name + "=", name, "keys", k.note(), null, null, false));
        }
    }
}
