package glxc.cli;

import glxc.runtime.api.ContainerEvent;
import glxc.runtime.api.GlxcException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The glxc command: LXC's tools as verbs (glxc start = lxc-start), each a thin class over the runtime API. */
@Command(name = "glxc", mixinStandardHelpOptions = true, version = "glxc 0.1.0",
        description = "Linux containers from Java: LXC's model and config format, with a Groovy DSL on top.",
        subcommands = {CreateCommand.class, StartCommand.class, ExecuteCommand.class, AttachCommand.class,
                StopCommand.class, KillCommand.class, DestroyCommand.class, InfoCommand.class, LsCommand.class,
                WaitCommand.class, MonitorCommand.class, CheckconfigCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof GlxcException || e instanceof IllegalArgumentException) {
                line.getErr().println("glxc: " + e.getMessage());
                return line.getCommandSpec().exitCodeOnExecutionException();
            }
            throw e;
        });
        return cli.execute(args);
    }

    /** How the command line renders the runtime's events (the runtime itself never prints). */
    static void render(ContainerEvent event) {
        if (event instanceof ContainerEvent.Warning w) System.err.println("glxc: warning: " + w.container() + ": " + w.message());
        else if (event instanceof ContainerEvent.TemplateOutput t) System.out.println(t.line());
        else if (event instanceof ContainerEvent.StateChanged s) System.out.println("'" + s.container() + "' changed state to [" + s.to() + "]");
    }
}
