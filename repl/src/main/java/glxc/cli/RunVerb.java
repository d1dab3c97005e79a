package glxc.cli;

import glxc.dsl.Applier;
import glxc.dsl.ContainerSpec;
import glxc.dsl.Dsl;
import glxc.dsl.ScriptModel;
import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerState;
import glxc.runtime.api.LaunchOptions;
import glxc.runtime.api.StopOptions;
import glxc.runtime.api.Store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/**
 * glxc run FILE (or glxc FILE): apply, then run — like compose up. Application containers (a command)
 * run in the foreground with their output here, one after the other; with system containers and no
 * command, it waits until Ctrl-C and then stops them. -d applies, starts everything and returns.
 */
final class RunVerb extends ScriptVerb {
    String name() { return "run"; }
    String summary() { return "apply a script, then run it: commands in the foreground, Ctrl-C stops (-d: return at once)"; }

    List<Option> options() {
        return with(ApplyVerb.RESTART, Option.flag("-d,--detach", "start everything and return"));
    }

    int run(Arguments a) {
        ScriptModel model = load(a);
        Store store = store(a);
        Applier.Result r = Dsl.apply(store, model, a.has("restart"), line -> System.err.println("glxc: " + line));
        if (!r.ok()) return finish(r);
        List<ContainerSpec> apps = model.containers().stream().filter(ContainerSpec::isApplication).toList();
        if (a.has("detach")) {
            for (ContainerSpec s : apps) {
                Container c = store.get(s.name());
                if (c.state() == ContainerState.STOPPED) c.start(LaunchOptions.of(s.command().toArray(String[]::new)));
            }
            return 0;
        }
        int status = 0;
        for (ContainerSpec s : apps) {
            LaunchOptions o = LaunchOptions.of(s.command().toArray(String[]::new));
            status = ExitCodes.run(() -> SignalForwarding.waitFor(store.get(s.name()).execute(o)));
        }
        if (apps.isEmpty() && !model.containers().isEmpty()) waitForInterrupt(store, model);
        return status;
    }

    /**
     * compose up's foreground: the containers' console logs, each line prefixed with its name, until
     * Ctrl-C (or every container stopped); then the script's containers are stopped.
     */
    private static void waitForInterrupt(Store store, ScriptModel model) {
        List<Container> running = new ArrayList<>();
        for (ContainerSpec s : model.containers()) running.add(store.get(s.name()));
        Thread stopper = new Thread(() -> stopAll(store, model));
        Runtime.getRuntime().addShutdownHook(stopper);
        System.err.println("glxc: " + running.size() + " container(s) running; Ctrl-C stops them");
        Map<Container, Long> offsets = new LinkedHashMap<>();
        int width = running.stream().mapToInt(c -> c.name().length()).max().orElse(0);
        while (running.stream().anyMatch(c -> c.state() != ContainerState.STOPPED)) {
            for (Container c : running) offsets.put(c, follow(c, offsets.getOrDefault(c, 0L), width));
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {   // Ctrl-C in the REPL (the command line's ends the JVM, and the hook runs)
                Runtime.getRuntime().removeShutdownHook(stopper);
                stopAll(store, model);
                return;
            }
        }
        Runtime.getRuntime().removeShutdownHook(stopper);
    }

    /** Dependants first, each dependency level's containers in parallel. */
    private static void stopAll(Store store, ScriptModel model) {
        List<List<ContainerSpec>> levels = new ArrayList<>(model.levels());
        Collections.reverse(levels);
        for (List<ContainerSpec> level : levels) {
            List<Thread> stops = new ArrayList<>();
            for (ContainerSpec s : level) {
                Container c = store.get(s.name());
                Thread t = new Thread(() -> {
                    try {
                        if (c.exists() && c.state() != ContainerState.STOPPED) c.stop(StopOptions.timeout(10));
                    } catch (RuntimeException e) {
                        System.err.println("glxc: " + c.name() + ": " + e.getMessage());
                    }
                });
                t.start();
                stops.add(t);
            }
            for (Thread t : stops) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Prints what the container's console log gained since offset; returns the new offset. */
    private static long follow(Container c, long offset, int width) {
        Path log = c.getConfigItem("lxc.console.logfile").map(Path::of).orElse(null);
        if (log == null || !Files.isRegularFile(log)) return offset;
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            if (f.length() < offset) offset = 0;   // rotated or truncated
            f.seek(offset);
            byte[] bytes = new byte[(int) Math.min(1 << 20, f.length() - offset)];
            f.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n') + 1;   // whole lines only
            for (String line : text.substring(0, end).split("\n", -1)) {
                String clean = line.replace("\r", "");
                if (!clean.isBlank()) System.out.println(Units.pad(c.name(), width) + " | " + clean);
            }
            return offset + text.substring(0, end).getBytes(StandardCharsets.UTF_8).length;
        } catch (IOException e) {
            return offset;
        }
    }
}
