package glxc.cli;

import glxc.dsl.ContainerDeclaration;
import glxc.dsl.ScriptLoader;
import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerState;
import glxc.runtime.api.CreateOptions;
import glxc.runtime.api.LaunchOptions;
import glxc.runtime.api.Store;

import java.nio.file.Path;
import java.util.List;

/**
 * glxc run FILE: evaluates a .lxc.groovy script, creates the containers it declares that do not exist,
 * then runs them: an application container (one with a command) in the foreground with its output here,
 * a system container in the background. A first cut of the DSL's run/apply; the DSL issue completes it.
 */
final class RunVerb extends Verb {
    String name() { return "run"; }
    String summary() { return "create what a .lxc.groovy script declares and run it"; }
    String operands() { return "FILE"; }

    List<Option> options() {
        return List.of(LXCPATH);
    }

    int run(Arguments a) {
        if (a.positional().size() != 1) throw new UsageException("glxc run needs one .lxc.groovy file");
        Path file = Path.of(a.positional().get(0));
        List<ContainerDeclaration> declared = ScriptLoader.load(file);
        Store store = store(a);
        int status = 0;
        for (ContainerDeclaration d : declared) {
            Container c = store.get(d.name());
            if (!c.exists()) {
                System.err.println("glxc: creating " + d.name() + " from template " + d.template());
                store.create(d.name(), new CreateOptions(d.template(), d.templateArgs(), null, d.overrides()));
            }
            if (!d.command().isEmpty()) {
                LaunchOptions o = LaunchOptions.of(d.command().toArray(String[]::new)).withOverrides(d.overrides());
                status = ExitCodes.run(() -> SignalForwarding.waitFor(c.execute(o)));
            } else if (c.state() == ContainerState.STOPPED) {
                c.start(LaunchOptions.defaults().withOverrides(d.overrides()));
                System.err.println("glxc: " + d.name() + " is " + c.state());
            }
        }
        return status;
    }
}
