package glxc.cli;

import glxc.runtime.api.ContainerEvent;
import glxc.runtime.api.GlxcException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The glxc command: LXC's tools as verbs (glxc start = lxc-start), each a thin class over the runtime API. */
public final class Main {
    static final String VERSION = "glxc 0.1.0";
    static final Map<String, Supplier<Verb>> VERBS = new LinkedHashMap<>();

    static {
        VERBS.put("create", CreateVerb::new);
        VERBS.put("start", StartVerb::new);
        VERBS.put("execute", ExecuteVerb::new);
        VERBS.put("attach", AttachVerb::new);
        VERBS.put("stop", StopVerb::new);
        VERBS.put("kill", KillVerb::new);
        VERBS.put("destroy", DestroyVerb::new);
        VERBS.put("info", InfoVerb::new);
        VERBS.put("ls", LsVerb::new);
        VERBS.put("wait", WaitVerb::new);
        VERBS.put("monitor", MonitorVerb::new);
        VERBS.put("checkconfig", CheckconfigVerb::new);
        VERBS.put("run", RunVerb::new);
    }

    private Main() {}

    public static void main(String[] args) {
        System.out.flush();
        System.exit(run(args));
    }

    public static int run(String... args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            System.out.print(usage());
            return args.length == 0 ? 1 : 0;
        }
        if (args[0].equals("--version") || args[0].equals("-V")) {
            System.out.println(VERSION);
            return 0;
        }
        Supplier<Verb> make = VERBS.get(args[0]);
        if (make == null) {
            System.err.println("glxc: unknown command '" + args[0] + "' (glxc --help lists them)");
            return 1;
        }
        Verb verb = make.get();
        try {
            List<String> rest = Arrays.asList(args).subList(1, args.length);
            Arguments a = Arguments.parse(verb, verb.allOptions(), rest);
            if (a.has("help")) {
                System.out.print(verb.help());
                return 0;
            }
            return verb.run(a);
        } catch (GlxcException | IllegalArgumentException e) {
            System.err.println("glxc: " + e.getMessage());
            return 1;
        }
    }

    static String usage() {
        StringBuilder b = new StringBuilder("Usage: glxc COMMAND [OPTIONS]\nLinux containers from Java: LXC's model and config format.\n\nCommands:\n");
        VERBS.forEach((name, make) -> b.append(String.format("  %-12s %s%n", name, make.get().summary())));
        b.append("\nglxc COMMAND --help shows a command's options.\n");
        return b.toString();
    }

    /** How the command line renders the runtime's events (the runtime itself never prints). */
    static void render(ContainerEvent event) {
        if (event instanceof ContainerEvent.Warning w) System.err.println("glxc: warning: " + w.container() + ": " + w.message());
        else if (event instanceof ContainerEvent.TemplateOutput t) System.out.println(t.line());
        else if (event instanceof ContainerEvent.StateChanged s) System.out.println("'" + s.container() + "' changed state to [" + s.to() + "]");
    }
}
