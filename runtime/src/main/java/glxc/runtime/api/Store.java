package glxc.runtime.api;

import glxc.runtime.build.BuildListener;
import glxc.runtime.build.BuildOptions;
import glxc.runtime.build.BuildRecord;
import glxc.runtime.build.Builder;
import glxc.runtime.build.ImageRecipe;
import glxc.runtime.build.Images;
import glxc.runtime.kernel.Processes;

import glxc.runtime.net.Networks;
import glxc.runtime.store.ContainerName;
import glxc.runtime.store.Staging;
import glxc.runtime.storage.FileTrees;
import glxc.runtime.storage.LayerStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import glxc.runtime.lifecycle.Creator;
import java.util.HashMap;
import java.util.Map;

/**
 * A store of containers: a folder with one folder per container (config, rootfs, state files), the
 * same shape as LXC's /var/lib/lxc. This and {@link Container} are the API the CLI, DSL and REPL use.
 */
public final class Store {
    public static final Path DEFAULT_PATH = Path.of("/var/lib/glxc");

    private final Path path;
    private final List<Consumer<ContainerEvent>> listeners = new CopyOnWriteArrayList<>();

    private Store(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    public static Store open(Path path) {
        return new Store(path);
    }

    /**
     * The store named by -P, else the glxc.path property (the REPL's -P), else $GLXC_PATH, else /var/lib/glxc
     * for root and $XDG_DATA_HOME/glxc (~/.local/share/glxc) for anyone else, as LXC keeps a user's
     * containers in ~/.local/share/lxc.
     */
    public static Store open(String lxcpath) {
        if (lxcpath != null && !lxcpath.isEmpty()) return open(Path.of(lxcpath));
        String property = System.getProperty("glxc.path");
        if (property != null && !property.isEmpty()) return open(Path.of(property));
        String env = System.getenv("GLXC_PATH");
        return open(env != null && !env.isEmpty() ? Path.of(env) : defaultPath());
    }

    public static Path defaultPath() {
        if (Processes.isRoot()) return DEFAULT_PATH;
        String data = System.getenv("XDG_DATA_HOME");
        return (data != null && !data.isEmpty() ? Path.of(data) : Path.of(System.getProperty("user.home"), ".local", "share")).resolve("glxc");
    }

    public Path path() {
        return path;
    }

    public void addListener(Consumer<ContainerEvent> listener) {
        listeners.add(listener);
    }

    /** Delivers an event to every listener; called by the runtime's own steps. */
    public void emit(ContainerEvent event) {
        for (Consumer<ContainerEvent> l : listeners) l.accept(event);
    }

    /** The container of that name (it need not exist yet); the name is checked. */
    public Container get(String name) {
        return new Container(this, ContainerName.check(name));
    }

    /** The named container, which must exist. */
    public Container existing(String name) {
        Container c = get(name);
        if (!c.exists()) throw new GlxcException("container '" + name + "' does not exist in " + path);
        return c;
    }

    public Container create(String name, CreateOptions options) {
        Container c = get(name);
        Creator.create(this, c, options);
        return c;
    }

    /** The store's content-addressed read-only layers (overlay lowers shared by containers, cached results). */
    public LayerStore layers() {
        return new LayerStore(path);
    }

    /** The store's built images: records, history, rollback, export. */
    public Images images() {
        return new Images(path);
    }

    /** Builds an image's steps (glxc build), telling listener each step's start, output and end. */
    public BuildRecord build(ImageRecipe recipe, BuildOptions options, BuildListener listener) {
        return new Builder(this, listener).build(recipe, options);
    }

    /**
     * glxc prune: the layers nothing uses (all: also those kept only by a name, such as a cache entry), and
     * any staging folder a killed copy, snapshot or layer left. dryRun only reports.
     */
    public LayerStore.Pruned prune(boolean all, boolean dryRun) {
        List<Path> staging = new ArrayList<>(Staging.stale(path));
        try (Stream<Path> dirs = Files.isDirectory(path) ? Files.list(path) : Stream.empty()) {   // not list(): it would clean up, even for a dry run
            for (Path d : dirs.filter(d -> Files.isRegularFile(d.resolve("config"))).toList()) {
                staging.addAll(Staging.stale(d.resolve("snaps")));
                staging.addAll(Staging.stale(d));
            }
        } catch (IOException e) {
            throw new GlxcException("cannot list the store " + path + ": " + e.getMessage(), e);
        }
        if (!dryRun) for (Path p : staging) FileTrees.delete(p);
        LayerStore.Pruned layers = layers().prune(all, dryRun);
        staging.addAll(layers.staging());
        return new LayerStore.Pruned(layers.layers(), layers.names(), staging, layers.bytes());
    }

    /** The networks this store manages (glxc network). */
    public Networks networks() {
        return Networks.of(path);
    }

    /**
     * Every container in the store (folders with a config file), sorted by name. A copy or snapshot cut
     * short (its builder killed) is a hidden staging folder: never listed, removed here once its builder is gone.
     */
    public List<Container> list() {
        if (!Files.isDirectory(path)) return List.of();
        Staging.cleanStale(path);
        List<Container> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(path)) {
            for (Path d : dirs.sorted().toList()) {
                String n = d.getFileName().toString();
                if (Files.isRegularFile(d.resolve("config")) && ContainerName.isValid(n))
                    out.add(new Container(this, n));
            }
        } catch (IOException e) {
            throw new GlxcException("cannot list the store " + path + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Reports every state change of the containers whose names match pattern, until keepGoing says
     * stop. Polls every pollMillis (lxc-monitor's stream, computed from probed state).
     */
    public void watch(Pattern pattern, long pollMillis, BooleanSupplier keepGoing, Consumer<ContainerEvent.StateChanged> sink) {
        Map<String, ContainerState> last = new HashMap<>();
        for (Container c : list()) if (pattern.matcher(c.name()).matches()) last.put(c.name(), c.state());
        while (keepGoing.getAsBoolean()) {
            Map<String, ContainerState> now = new HashMap<>();
            for (Container c : list()) if (pattern.matcher(c.name()).matches()) now.put(c.name(), c.state());
            for (var e : now.entrySet()) {
                ContainerState before = last.getOrDefault(e.getKey(), ContainerState.STOPPED);
                if (before != e.getValue()) sink.accept(new ContainerEvent.StateChanged(e.getKey(), before, e.getValue()));
            }
            for (var e : last.entrySet())
                if (!now.containsKey(e.getKey()) && e.getValue() != ContainerState.STOPPED)
                    sink.accept(new ContainerEvent.StateChanged(e.getKey(), e.getValue(), ContainerState.STOPPED));
            last = now;
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
