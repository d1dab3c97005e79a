package glxc.dsl;

import glxc.runtime.api.Store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** The DSL from Java: load a script into its model, plan it against a store, apply it, take it down. */
public final class Dsl {
    private Dsl() {}

    public static ScriptModel load(Path script) {
        return ScriptLoader.load(script);
    }

    public static ScriptModel load(Path script, Duration timeout) {
        return ScriptLoader.load(script, timeout);
    }

    public static List<PlanStep> plan(Store store, ScriptModel model) {
        return Planner.plan(store, model);
    }

    public static Applier.Result apply(Store store, ScriptModel model, boolean restart, Consumer<String> progress) {
        return Applier.apply(store, model, restart, progress);
    }

    public static Applier.Result down(Store store, ScriptModel model, Consumer<String> progress) {
        return Applier.down(store, model, progress);
    }
}
