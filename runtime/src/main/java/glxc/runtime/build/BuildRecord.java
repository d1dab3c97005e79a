package glxc.runtime.build;

import java.nio.file.Path;
import java.util.List;

/**
 * An image's build record, its history: the script that built it and that script's digest, when, the
 * SOURCE_DATE_EPOCH its times were clamped to, every step's result, and which step the image points at
 * (the last, unless rolled back).
 */
public record BuildRecord(String name, Path script, String scriptDigest, String built, long sourceDateEpoch, int head, List<StepResult> steps) {
    public BuildRecord {
        steps = List.copyOf(steps);
    }

    public StepResult current() {
        return steps.get(head - 1);
    }

    public StepResult step(int index) {
        if (index < 1 || index > steps.size())
            throw new IllegalArgumentException("image '" + name + "' has steps 1 to " + steps.size() + ", not " + index);
        return steps.get(index - 1);
    }

    public BuildRecord pointingAt(int index) {
        step(index);
        return new BuildRecord(name, script, scriptDigest, built, sourceDateEpoch, index, steps);
    }
}
