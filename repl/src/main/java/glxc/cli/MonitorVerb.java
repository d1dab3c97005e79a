package glxc.cli;

import java.util.List;
import java.util.regex.Pattern;

final class MonitorVerb extends Verb {
    String name() { return "monitor"; }
    String summary() { return "print state changes of the containers whose names match, until interrupted (lxc-monitor)"; }

    List<Option> options() {
        return List.of(LXCPATH, Option.value("-n,--name", "REGEX", "names to watch (default: all)"));
    }

    int run(Arguments a) {
        String regex = a.value("name") != null ? a.value("name") : ".*";
        store(a).watch(Pattern.compile(regex), 50, () -> true, Main::render);
        return 0;
    }
}
