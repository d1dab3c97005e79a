package glxc.cli;

import glxc.dsl.Vocabulary;
import glxc.runtime.api.Container;
import glxc.runtime.api.Store;
import glxc.runtime.config.ConfigKeys;
import glxc.runtime.template.Templates;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What the REPL completes, from the engine's own tables: verbs and : commands first, then a verb's
 * flags, container names after -n (and for verbs that take a name), network names, template names
 * after -t, config keys after -s (lxc.net.N. completes with N = 0), a running container's cgroup files
 * after cgroup -n NAME, the DSL's words inside a container { or network { block, and the members of
 * a live object after NAME. (web.info()...).
 */
final class ReplCompleter implements Completer {
    static final List<String> COMMANDS = List.of(":help", ":quit", ":history", ":load", ":save", ":shell", ":trace");
    private final Store store;
    private final Function<String, Object> variables;   // the session's variables (and containers), for member completion

    ReplCompleter(Store store, Function<String, Object> variables) {
        this.store = store;
        this.variables = variables;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> out) {
        List<String> words = line.words();
        int at = line.wordIndex();
        String word = line.word();
        if (insideBlock(line.line(), "container")) {
            dslWords(Vocabulary.CONTAINER.keySet(), out);
            return;
        }
        if (insideBlock(line.line(), "network")) {
            dslWords(Vocabulary.NETWORK.keySet(), out);
            return;
        }
        int dot = word.lastIndexOf('.');
        if (dot > 0 && word.substring(0, dot).matches("[A-Za-z_][A-Za-z0-9_-]*") && Main.find(words.get(0)) == null) {
            members(word.substring(0, dot), out);
            return;
        }
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
        if (first.equals("cgroup") && at >= 3 && (words.get(at - 2).equals("-n") || words.get(at - 2).equals("--name"))) cgroupFiles(words.get(at - 1), out);
        else if (previous.equals("-n") || previous.equals("--name")) containers(out);
        else if (previous.equals("-t") || previous.equals("--template")) templates(out);
        else if (previous.equals("-s") || previous.equals("--define")) keys(out);
        else if (first.equals("network") && at == 2 && List.of("delete", "rm").contains(words.get(1))) networks(out);
        else if (first.equals("network") && at == 1) for (String s : List.of("create", "delete", "ls")) out.add(new Candidate(s));
        else {
            for (Option o : verb.allOptions()) for (String n : o.names()) out.add(new Candidate(n, n, "flags", o.help(), null, null, true));
            if (at == 1 && !first.equals("network")) containers(out);
        }
    }

    /** True when the text up to the cursor is inside an unclosed word { ... } block. */
    private static boolean insideBlock(String text, String word) {
        int open = text.lastIndexOf(word);
        if (open < 0) return false;
        String after = text.substring(open);
        long opened = after.chars().filter(ch -> ch == '{').count(), closed = after.chars().filter(ch -> ch == '}').count();
        return opened > closed;
    }

    private static void dslWords(Iterable<String> words, List<Candidate> out) {
        for (String w : words) out.add(new Candidate(w, w, "DSL", null, null, null, true));
    }

    /** name.member: the public methods and properties of what name is in the session (web: a Container). */
    private void members(String name, List<Candidate> out) {
        Object value;
        try {
            value = variables.apply(name);
        } catch (RuntimeException e) {
            return;
        }
        if (value == null) return;
        Set<String> seen = new TreeSet<>();
        for (Method m : value.getClass().getMethods()) {
            if (m.getDeclaringClass() == Object.class || Modifier.isStatic(m.getModifiers())) continue;
            seen.add(m.getName() + (m.getParameterCount() == 0 ? "()" : "("));
        }
        for (String s : seen) out.add(new Candidate(name + "." + s, s, "members", null, null, null, !s.endsWith("(")));
    }

    /** The files of a container's cgroup folders, named as this host's layout names them. */
    private void cgroupFiles(String container, List<Candidate> out) {
        Set<String> files = new TreeSet<>();
        for (Path folder : store.get(container).cgroups().paths()) {
            try (var list = Files.list(folder)) {
                list.map(p -> p.getFileName().toString()).filter(f -> f.contains(".") && !f.startsWith("cgroup.")).forEach(files::add);
            } catch (IOException e) {
                // not running, or a hierarchy without the folder
            }
        }
        for (String f : files) out.add(new Candidate(f, f, "cgroup files", null, null, null, true));
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
