package glxc.runtime.build;

import java.util.List;

/**
 * What one step of a build gave: its cache key, its own layer (null for a settings step), the image's
 * layers after it (topmost first), its size and time, whether it came from the cache, whether building
 * it again gives the same bytes (a run on the network does not promise that), and the settings after it.
 */
public record StepResult(int index, String where, String step, String key, String layer, List<String> layers, long bytes,
                         long millis, boolean cached, boolean reproducible, ImageConfig config) {
    public StepResult {
        layers = List.copyOf(layers);
    }
}
