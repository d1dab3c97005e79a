package glxc.cli;

import glxc.dsl.Dsl;
import glxc.dsl.ScriptModel;
import glxc.runtime.build.BuildOptions;

import java.util.List;

/** glxc apply FILE: make the host match the script (idempotent). */
final class ApplyVerb extends ScriptVerb {
    static final Option RESTART = Option.flag("--restart", "restart running containers whose change cannot be made live");

    String name() { return "apply"; }
    String summary() { return "make the host match a script: build its images, then create, change, start what differs; leave the rest"; }

    List<Option> options() {
        return with(RESTART);
    }

    /** The script's images are built first (unchanged steps come from the cache), so its containers stand on their current layers. */
    int run(Arguments a) {
        ScriptModel model = load(a);
        if (!model.images().isEmpty()) BuildVerb.buildAll(store(a), model.images(), BuildOptions.defaults(), null, true, false);
        return finish(Dsl.apply(store(a), model, a.has("restart"), line -> System.out.println(line)));
    }
}
