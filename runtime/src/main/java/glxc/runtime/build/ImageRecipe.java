package glxc.runtime.build;

import java.nio.file.Path;
import java.util.List;

/** An image block: its name, its steps in order (a from first), the script it came from and that script's digest. */
public record ImageRecipe(String name, List<BuildStep> steps, Path script, String where) {
    public ImageRecipe {
        steps = List.copyOf(steps);
    }
}
