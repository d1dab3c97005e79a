package glxc.dsl;

import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerState;
import glxc.runtime.api.CreateOptions;
import glxc.runtime.api.GlxcException;
import glxc.runtime.api.LaunchOptions;
import glxc.runtime.api.StopOptions;
import glxc.runtime.api.Store;
import glxc.runtime.config.ConfigFile;
import glxc.runtime.net.ManagedNetwork;
import glxc.runtime.net.Networks;
import glxc.runtime.store.ContainerLock;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Makes the host match a script, through the runtime API only: networks first, then containers level
 * by level of their dependencies (a level's containers in parallel). Each container ends either as it
 * was or as declared: a create that fails leaves nothing, a config change is written whole or not at
 * all (and undone if its live part fails), a failed start leaves it stopped. What depends on a failed
 * container is not touched.
 */
public final class Applier {
    /** What an apply did: one line per container or network touched, and the failures. */
    public record Result(List<String> done, Map<String, String> failed) {
        public boolean ok() {
            return failed.isEmpty();
        }
    }

    private final Store store;
    private final boolean restart;
    private final Consumer<String> progress;

    private Applier(Store store, boolean restart, Consumer<String> progress) {
        this.store = store;
        this.restart = restart;
        this.progress = progress;
    }

    public static Result apply(Store store, ScriptModel model, boolean restart, Consumer<String> progress) {
        return new Applier(store, restart, progress).apply(model);
    }

    private Result apply(ScriptModel model) {
        List<String> done = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (NetworkSpec n : model.networks()) {
            try {
                network(n).ifPresent(line -> report(done, line));
            } catch (RuntimeException e) {
                failed.put("network " + n.name(), e.getMessage());
                return new Result(done, failed);   // containers on it could not start
            }
        }
        Set<String> broken = new HashSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors())));
        try {
            for (List<ContainerSpec> level : model.levels()) {
                Map<ContainerSpec, Future<List<String>>> running = new LinkedHashMap<>();
                for (ContainerSpec c : level) {
                    Optional<String> blocker = c.dependsOn().stream().filter(broken::contains).findFirst();
                    if (blocker.isPresent()) {
                        broken.add(c.name());
                        failed.put(c.name(), "not applied: it depends on '" + blocker.get() + "', which failed");
                        continue;
                    }
                    running.put(c, pool.submit(() -> container(c)));
                }
                for (Map.Entry<ContainerSpec, Future<List<String>>> e : running.entrySet()) {
                    try {
                        for (String line : e.getValue().get()) report(done, line);
                    } catch (ExecutionException x) {
                        broken.add(e.getKey().name());
                        failed.put(e.getKey().name(), x.getCause().getMessage());
                    } catch (InterruptedException x) {
                        Thread.currentThread().interrupt();
                        throw new GlxcException("apply interrupted");
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(done, failed);
    }

    private void report(List<String> done, String line) {
        done.add(line);
        progress.accept(line);
    }

    private Optional<String> network(NetworkSpec n) {
        Networks networks = store.networks();
        Optional<ManagedNetwork> have = networks.find(n.name());
        if (have.isPresent()) {
            PlanStep step = Planner.plan(store, single(n)).get(0);
            if (!step.changes()) return Optional.empty();
            networks.delete(n.name(), false);   // refused, with the attached interfaces named, while containers use it
            try {
                networks.create(n.name(), n.ipv4(), n.nat(), n.dhcp());
            } catch (RuntimeException e) {
                ManagedNetwork old = have.get();   // as it was, if it can be
                try {
                    networks.create(old.name(), old.ipv4().toString(), old.nat(), old.dhcp());
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                }
                throw e;
            }
            return Optional.of("recreated network " + n.name());
        }
        networks.create(n.name(), n.ipv4(), n.nat(), n.dhcp());
        return Optional.of("created network " + n.name());
    }

    private static ScriptModel single(NetworkSpec n) {
        ScriptModel m = new ScriptModel();
        m.add(n, n.source());
        return m;
    }

    private List<String> container(ContainerSpec spec) {
        List<String> out = new ArrayList<>();
        Container c = store.get(spec.name());
        boolean created = false;
        if (!c.exists()) {
            List<String> overrides = new ArrayList<>(spec.overrides());
            if (spec.settings().stream().noneMatch(s -> s.key().equals("lxc.console.logfile")))   // what glxc run shows
                overrides.add("lxc.console.logfile=" + c.dir().resolve("console.log"));
            CreateOptions create = new CreateOptions(spec.template(), spec.templateArgs(), null, overrides);
            store.create(spec.name(), spec.template() != null && spec.template().startsWith("image:") ? create.withBackend("overlay") : create);
            ManagedKeys.write(c, ConfigDiff.managed(spec));
            created = true;
            out.add("created " + spec.name());
        } else {
            change(c, spec, out);
        }
        boolean running = c.state() == ContainerState.RUNNING || c.state() == ContainerState.FROZEN;
        if (!spec.isApplication() && !running) {
            try {
                c.start(LaunchOptions.defaults());
            } catch (RuntimeException e) {
                if (created) c.destroy(true);   // as before this apply: it did not exist
                throw e;
            }
            out.add("started " + spec.name());
        }
        return out;
    }

    private void change(Container c, ContainerSpec spec, List<String> out) {
        boolean running = c.state() == ContainerState.RUNNING || c.state() == ContainerState.FROZEN;
        ConfigDiff diff = ConfigDiff.of(spec, c.config(), ManagedKeys.read(c));
        boolean needsRestart = running && ManagedKeys.restartPending(c);
        if (!diff.isEmpty()) {
            try (ContainerLock lock = c.lock()) {
                ConfigFile file = c.configFile();
                String before = file.text();
                diff.applyTo(file, c.config());
                file.write();
                List<String[]> undo = new ArrayList<>();   // {file, value before}: live writes to take back if a later one fails
                try {
                    for (ConfigDiff.Change ch : diff.changes()) {
                        if (running && Planner.isLive(ch)) {
                            String cgroupFile = Planner.cgroupFile(ch.key());
                            String old = readQuietly(c, cgroupFile);
                            c.setCgroupItem(cgroupFile, ch.after().get(0));
                            if (old != null) undo.add(new String[]{cgroupFile, old});
                        } else {
                            needsRestart |= running;
                        }
                    }
                } catch (RuntimeException e) {
                    Collections.reverse(undo);
                    for (String[] u : undo) {
                        try {
                            c.setCgroupItem(u[0], u[1]);
                        } catch (RuntimeException again) {
                            e.addSuppressed(again);
                        }
                    }
                    ConfigFile.writeAtomically(c.configPath(), before);   // as it was: the config and the live values agree again
                    throw e;
                }
            }
            for (ConfigDiff.Change ch : diff.changes()) out.add("changed " + c.name() + ": " + ch.describe());
        }
        if (running)   // values changed by hand (glxc cgroup) go back to the declared ones
            for (ContainerSpec.Setting s : spec.settings())
                if (Planner.isCgroupKey(s.key()) && diff.changes().stream().noneMatch(ch -> ch.key().equals(s.key()))) {
                    String file = Planner.cgroupFile(s.key());
                    String now = readQuietly(c, file);
                    if (now != null && !Planner.sameValue(now, s.value())) {
                        c.setCgroupItem(file, s.value());
                        out.add("restored " + c.name() + ": " + s.key() + ": " + now + " -> " + s.value());
                    }
                }
        ManagedKeys.write(c, ConfigDiff.managed(spec));
        if (needsRestart) {
            if (restart) {
                c.stop(StopOptions.timeout(30));
                c.start(LaunchOptions.defaults());
                ManagedKeys.markRestart(c, false);
                out.add("restarted " + c.name());
            } else {
                ManagedKeys.markRestart(c, true);
                out.add(c.name() + ": restart needed for the change to take effect (apply --restart does it)");
            }
        }
    }

    private static String readQuietly(Container c, String file) {
        try {
            return c.getCgroupItem(file).trim();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** glxc down: the script's containers stopped and destroyed, dependants first, then its networks. */
    public static Result down(Store store, ScriptModel model, Consumer<String> progress) {
        List<String> done = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        List<List<ContainerSpec>> levels = new ArrayList<>(model.levels());
        Collections.reverse(levels);
        for (List<ContainerSpec> level : levels)
            for (ContainerSpec spec : level) {
                Container c = store.get(spec.name());
                if (!c.exists()) continue;
                try {
                    if (c.state() != ContainerState.STOPPED) c.stop(StopOptions.timeout(10));
                    c.destroy(true);
                    done.add("destroyed " + spec.name());
                    progress.accept("destroyed " + spec.name());
                } catch (RuntimeException e) {
                    failed.put(spec.name(), e.getMessage());
                }
            }
        for (NetworkSpec n : model.networks()) {
            if (store.networks().find(n.name()).isEmpty()) continue;
            try {
                store.networks().delete(n.name(), false);
                done.add("deleted network " + n.name());
                progress.accept("deleted network " + n.name());
            } catch (RuntimeException e) {
                failed.put("network " + n.name(), e.getMessage());
            }
        }
        return new Result(done, failed);
    }
}
