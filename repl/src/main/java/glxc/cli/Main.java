package glxc.cli;

import glxc.runtime.api.ContainerEvent;
import glxc.runtime.api.GlxcException;

import java.util.Arrays;
import java.util.List;

/** The glxc command: LXC's tools as verbs (glxc start = lxc-start), each a thin class over the runtime API. */
public final class Main {
    static final String VERSION = "glxc 0.1.0";
    /** The verbs, in help order: a table, so help, dispatch and (later) completion agree. */
    static final List<Verb> VERBS = List.of(new CreateVerb(), new StartVerb(), new ExecuteVerb(), new AttachVerb(), new ConsoleVerb(),
            new StopVerb(), new KillVerb(), new DestroyVerb(), new CopyVerb(), new SnapshotVerb(), new PruneVerb(), new TemplateVerb(), new BuildVerb(), new ImageVerb(), new InfoVerb(), new LsVerb(), new WaitVerb(),
            new MonitorVerb(), new FreezeVerb(true), new FreezeVerb(false), new CgroupVerb(), new TopVerb(), new NetworkVerb(), new PortVerb(), new CheckconfigVerb(), new ConfigVerb(), new UpdateConfigVerb(), new UnshareVerb(), new UsernsexecVerb(), new AutostartVerb(), new DeviceVerb(),
            new CheckVerb(), new PlanVerb(), new ApplyVerb(), new RunVerb(), new DownVerb(), new ReplVerb());

    private Main() {}

    public static void main(String[] args) {
        System.out.flush();
        System.exit(run(args));
    }

    public static int run(String... args) {
        if (args.length == 0 && onTerminal()) args = new String[]{"repl"};   // glxc alone on a terminal: the REPL
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            System.out.print(usage());
            return args.length == 0 ? 1 : 0;
        }
        if (args[0].equals("--version") || args[0].equals("-V")) {
            System.out.println(VERSION);
            return 0;
        }
        if (args[0].endsWith(".lxc.groovy")) {   // glxc FILE is glxc run FILE
            String[] withRun = new String[args.length + 1];
            withRun[0] = "run";
            System.arraycopy(args, 0, withRun, 1, args.length);
            args = withRun;
        }
        glxc.dsl.TemplateLibrary.install();   // composed templates resolve by name (read only when a name is looked up)
        Verb verb = find(args[0]);
        if (verb == null) {
            System.err.println("glxc: unknown command '" + args[0] + "' (glxc --help lists them)");
            return 1;
        }
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

    /** System.console() alone says yes when redirected on JDK 22 and later; there isTerminal() tells. */
    static boolean onTerminal() {
        java.io.Console console = System.console();
        if (console == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;   // before JDK 22 a console means a terminal
        }
    }

    static Verb find(String name) {
        for (Verb v : VERBS) if (v.name().equals(name)) return v;
        return null;
    }

    static String usage() {
        StringBuilder b = new StringBuilder("Usage: glxc COMMAND [OPTIONS]\nLinux containers from Java: LXC's model and config format.\n\nCommands:\n");
        for (Verb v : VERBS) b.append("  ").append(Units.pad(v.name(), 12)).append(' ').append(v.summary()).append('\n');
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
