package glxc.cli;

import glxc.dsl.Applier;
import glxc.dsl.Dsl;
import glxc.dsl.ScriptModel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the script verbs (check, plan, apply, run, down) share: one FILE, --timeout, the result's report. */
abstract class ScriptVerb extends Verb {
    static final Option TIMEOUT = Option.value("--timeout", "SECONDS", "stop evaluating the script after this long (default 30)");

    @Override
    String operands() { return "FILE"; }

    ScriptModel load(Arguments a) {
        if (a.positional().size() != 1) throw new UsageException("glxc " + name() + " needs one .lxc.groovy file");
        Duration timeout = Duration.ofSeconds(a.value("timeout") == null ? 30 : Long.parseLong(a.value("timeout")));
        return Dsl.load(Path.of(a.positional().get(0)), timeout);
    }

    @Override
    String containerName(Arguments a) {
        throw new UsageException("glxc " + name() + " works on a script's containers");
    }

    /** Prints the failures (each naming its container) and returns the exit status. */
    static int finish(Applier.Result r) {
        for (Map.Entry<String, String> f : r.failed().entrySet()) System.err.println("glxc: " + f.getKey() + ": " + f.getValue());
        return r.ok() ? 0 : 1;
    }

    static List<Option> with(Option... more) {
        List<Option> out = new ArrayList<>(List.of(LXCPATH, TIMEOUT));
        out.addAll(List.of(more));
        return out;
    }
}
