package glxc.bench;

import glxc.dsl.Dsl;
import glxc.runtime.api.Store;
import glxc.runtime.build.BuildListener;
import glxc.runtime.build.BuildOptions;
import glxc.runtime.build.BuildRecord;
import glxc.runtime.build.Builder;
import glxc.runtime.build.ImageRecipe;

import java.nio.file.Path;
import java.util.List;

/**
 * A fully cached rebuild of an image from a warm JVM: the script is read again and every step looked up,
 * as a second `glxc build` in the REPL would. Usage: BuildBench STORE SCRIPT ROUNDS. Prints the median.
 */
public final class BuildBench {
    private BuildBench() {}

    public static void main(String[] args) {
        Store store = Store.open(Path.of(args[0]));
        Path script = Path.of(args[1]);
        int rounds = Integer.parseInt(args[2]);
        Builder builder = new Builder(store, BuildListener.QUIET);
        for (ImageRecipe r : Dsl.load(script).images()) builder.build(r, BuildOptions.defaults());   // cold: fills the cache
        for (int i = 0; i < 20; i++) rebuild(builder, script);   // warm the JIT
        Stats stats = new Stats();
        int ran = 0;
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            List<BuildRecord> records = rebuild(builder, script);
            stats.add((System.nanoTime() - t0) / 1e6);
            for (BuildRecord r : records) ran += (int) r.steps().stream().filter(s -> !s.cached()).count();
        }
        System.out.println("glxc cached rebuild, warm JVM (script read + every step looked up): " + stats + ", steps run: " + ran);
    }

    private static List<BuildRecord> rebuild(Builder builder, Path script) {
        return Dsl.load(script).images().stream().map(r -> builder.build(r, BuildOptions.defaults())).toList();
    }
}
