package glxc.cli;

import glxc.dsl.Dsl;
import glxc.dsl.PlanStep;

import java.util.List;

/** glxc plan FILE: what apply would do (create, change old -> new, start, leave). */
final class PlanVerb extends ScriptVerb {
    String name() { return "plan"; }
    String summary() { return "show what apply would do to make the host match a script"; }

    List<Option> options() {
        return with();
    }

    int run(Arguments a) {
        List<PlanStep> steps = Dsl.plan(store(a), load(a));
        for (PlanStep s : steps) System.out.println(s);
        long changes = steps.stream().filter(PlanStep::changes).count();
        System.out.println(changes == 0 ? "nothing to do" : changes + " change(s)");
        return 0;
    }
}
