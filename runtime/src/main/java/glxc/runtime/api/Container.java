package glxc.runtime.api;

import glxc.runtime.cgroup.CgroupLayout;
import glxc.runtime.cgroup.ContainerCgroups;
import glxc.runtime.config.ConfigFile;
import glxc.runtime.config.ContainerConfig;
import glxc.runtime.lifecycle.Attacher;
import glxc.runtime.lifecycle.Cloner;
import glxc.runtime.lifecycle.Destroyer;
import glxc.runtime.lifecycle.Snapshots;
import glxc.runtime.storage.Dependants;
import glxc.runtime.storage.RootfsSource;
import glxc.runtime.lifecycle.InfoReader;
import glxc.runtime.lifecycle.Launcher;
import glxc.runtime.lifecycle.Stopper;
import glxc.runtime.lifecycle.Devices;
import glxc.runtime.lifecycle.PortForwards;
import glxc.runtime.net.NetDevice;
import glxc.runtime.net.PortForward;
import glxc.runtime.store.ContainerLock;
import glxc.runtime.store.ContainerPaths;
import glxc.runtime.store.StateProbe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import glxc.runtime.lifecycle.Consoles;
import glxc.runtime.lifecycle.Freezer;

/**
 * One container of a store: the object with verbs that everything else calls (liblxc's
 * struct lxc_container). It holds no state of its own; every call reads the store and probes the kernel.
 */
public final class Container {
    private static final long LOCK_TIMEOUT_MILLIS = 30_000;

    private final Store store;
    private final String name;
    private final ContainerPaths paths;

    Container(Store store, String name) {
        this.store = store;
        this.name = name;
        this.paths = new ContainerPaths(store.path().resolve(name));
    }

    public String name() { return name; }
    public Store store() { return store; }
    public Path dir() { return paths.dir(); }
    public Path configPath() { return paths.config(); }
    public ContainerPaths paths() { return paths; }

    public boolean exists() {
        return Files.isRegularFile(paths.config());
    }

    /** The config file as written (comments and order kept), for reading and rewriting. */
    public ConfigFile configFile() {
        paths.takePendingConfig();   // a rename cut short by a crash
        requireExists();
        return ConfigFile.read(paths.config());
    }

    /** The effective configuration: includes expanded, LXC's precedence applied. */
    public ContainerConfig config() {
        return ContainerConfig.of(configFile(), List.of());
    }

    public ContainerState state() {
        ContainerState s = StateProbe.probe(paths).state();
        return s == ContainerState.RUNNING && cgroups().isFrozen() ? ContainerState.FROZEN : s;
    }

    /** Freezes every process of the running container (lxc-freeze). */
    public void freeze() {
        requireExists();
        Freezer.freeze(this, true);
    }

    /** Thaws a frozen container (lxc-unfreeze). */
    public void unfreeze() {
        requireExists();
        Freezer.freeze(this, false);
    }

    /** A live cgroup value by either version's file name (lxc-cgroup NAME KEY). */
    public String getCgroupItem(String file) {
        requireRunning();
        return cgroups().get(file);
    }

    /** Changes a cgroup value of the running container at once (lxc-cgroup NAME KEY VALUE); the config is unchanged. */
    public void setCgroupItem(String file, String value) {
        requireRunning();
        cgroups().set(file, value);
    }

    private void requireRunning() {
        requireExists();
        ContainerState s = state();
        if (s != ContainerState.RUNNING && s != ContainerState.FROZEN) throw new StateException(name, s, "is not running");
    }

    public ContainerCgroups cgroups() {
        return new ContainerCgroups(CgroupLayout.forCaller(), name);
    }

    public ContainerInfo info() {
        requireExists();
        return InfoReader.read(this);
    }

    /** Starts the container in the background (lxc-start -d); returns once init runs. */
    public void start(LaunchOptions options) {
        requireExists();
        Launcher.startDetached(this, options);
    }

    /** Starts the container in the foreground (lxc-start -F): the console is on the given stdio. */
    public ContainerProcess startForeground(LaunchOptions options) {
        requireExists();
        return Launcher.launch(this, options, "start", true);
    }

    /** Runs a command as an application container, the shim as its init (lxc-execute). */
    public ContainerProcess execute(LaunchOptions options) {
        requireExists();
        return Launcher.launch(this, options, "execute", true);
    }

    /** Runs a command inside the running container (lxc-attach). */
    public ContainerProcess attach(AttachOptions options) {
        requireExists();
        return Attacher.attach(this, options);
    }

    /**
     * Connects the given stdio to one of the container's ptys (lxc-console): tty 0 is the console, N is
     * ttyN, -1 the first free one. Ctrl+escape q detaches.
     */
    public ContainerProcess console(int tty, char escape, ProcessBuilder.Redirect in, ProcessBuilder.Redirect out, ProcessBuilder.Redirect err) {
        requireExists();
        return Consoles.open(this, tty, escape, in, out, err);
    }

    public void stop(StopOptions options) {
        requireExists();
        ContainerConfig config = config();
        if (options.reboot() && !config.idmaps().isEmpty() && NetDevice.of(config).stream().anyMatch(NetDevice::needsSetup)) {
            // its network is set up by the JVM during a start, which an in-place reboot has not got: stop, then start
            Stopper.stop(this, new StopOptions(options.timeoutSeconds(), false, false, false, options.noKill()));
            start(LaunchOptions.defaults());
            return;
        }
        Stopper.stop(this, options);
    }

    /** Sends a signal to the container's init. */
    public void kill(int signal) {
        requireExists();
        Stopper.signalInit(this, signal);
    }

    public void destroy(boolean force) {
        destroy(force, false, false);
    }

    /**
     * lxc-destroy: withSnapshots also destroys its snapshots (-s); withClones also destroys the containers
     * whose overlay lower is its rootfs. Without them, either kind refuses the destroy, naming them.
     */
    public void destroy(boolean force, boolean withSnapshots, boolean withClones) {
        requireExists();
        Destroyer.destroy(this, force, withSnapshots, withClones);
    }

    /** lxc-copy: a full copy or an overlay snapshot clone named newName in target (this store when null). */
    public Container copy(String newName, Store target, CloneOptions options) {
        requireExists();
        return Cloner.clone(this, target == null ? store : target, newName, options);
    }

    /** lxc-copy -R: the container under a new name (stopped, and no clone may use its rootfs). */
    public Container rename(String newName) {
        requireExists();
        return Cloner.rename(this, newName);
    }

    /** lxc-snapshot: a snapshot (snapN) of the stopped container, with an optional comment. */
    public SnapshotInfo snapshot(String comment) {
        requireExists();
        return Snapshots.create(this, comment);
    }

    public List<SnapshotInfo> snapshots() {
        requireExists();
        return Snapshots.list(this);
    }

    /** lxc-snapshot -r: back to the snapshot in place (newName null), or a new container from it. */
    public Container restoreSnapshot(String snapshot, String newName, boolean force) {
        requireExists();
        return Snapshots.restore(this, snapshot, newName, force);
    }

    /** lxc-snapshot -d: one snapshot, or ALL. */
    public void destroySnapshot(String snapshot) {
        requireExists();
        Snapshots.destroy(this, snapshot);
    }

    /** The containers and snapshots whose overlay lower is this container's rootfs. */
    public List<String> dependants() {
        requireExists();
        return Dependants.of(dir(), config().rootfsSource().orElse(null)).stream().map(Object::toString).toList();
    }

    /** Waits until the state is one of states; false on timeout (negative: wait forever). */
    public boolean waitFor(Set<ContainerState> states, long timeoutMillis) {
        long deadline = timeoutMillis < 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutMillis;
        while (true) {
            if (states.contains(state())) return true;
            if (System.currentTimeMillis() >= deadline) return false;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    public Optional<String> getConfigItem(String key) {
        return config().get(key);
    }

    /** Sets one config key in the container's config file (validated, written atomically, under the lock). */
    public void setConfigItem(String key, String value) {
        try (ContainerLock lock = lock()) {
            ConfigFile file = configFile();
            file.set(key, value);
            file.write();
        }
    }

    /** The container's port forwards (glxc.port keys). */
    public List<PortForward> ports() {
        return PortForwards.list(this);
    }

    /** Adds a forward [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp] to the config, and to the host now if it runs. */
    public void addPort(String forward) {
        PortForwards.add(this, forward);
    }

    public void removePort(String forward) {
        PortForwards.remove(this, forward);
    }

    /** A host device node (/dev/...) or network interface into the running container (lxc-device add). */
    public void addDevice(String device, String nameInside) {
        requireExists();
        Devices.add(this, device, nameInside);
    }

    /** Takes a device or interface added by addDevice back out (an interface returns under its host name). */
    public void removeDevice(String device) {
        requireExists();
        Devices.remove(this, device);
    }

    public ContainerLock lock() {
        return ContainerLock.acquire(name, paths.lock(), LOCK_TIMEOUT_MILLIS);
    }

    public void requireExists() {
        if (!exists()) throw new GlxcException("container '" + name + "' does not exist in " + store.path());
    }

    @Override
    public String toString() {
        return name;
    }
}
