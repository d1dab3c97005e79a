package glxc.runtime.store;

import java.nio.file.Path;
import java.util.UUID;

/** The files of one container folder: LXC's config and rootfs, plus glxc's lock and run-state files. */
public record ContainerPaths(Path dir) {
    public Path config() { return dir.resolve("config"); }
    public Path defaultRootfs() { return dir.resolve("rootfs"); }
    public Path lock() { return dir.resolve("glxc.lock"); }
    /** written by the monitor while the container runs */
    public Path run() { return dir.resolve("glxc.run"); }
    /** written by the monitor when init has exited */
    public Path exit() { return dir.resolve("glxc.exit"); }
    /** present while a stop is under way, so the monitor does not take a halt for a reboot */
    public Path stopping() { return dir.resolve("glxc.stopping"); }

    /** Host-side interfaces the running container owns (veth ends), one per line, for stop and info. */
    public Path network() { return dir.resolve("glxc.net"); }

    /** A config written before the folder's rename (glxc copy -R), taken as the config if a crash left it. */
    public Path pendingConfig() { return dir.resolve(".glxc-config.pending"); }

    /** Moves a pending config over the config; true if there was one. */
    public boolean takePendingConfig() {
        try {
            if (!java.nio.file.Files.exists(pendingConfig())) return false;
            java.nio.file.Files.move(pendingConfig(), config(), java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (java.io.IOException e) {
            throw new glxc.runtime.api.GlxcException("cannot take the pending config " + pendingConfig() + ": " + e.getMessage(), e);
        }
    }

    public Path newSpec() { return dir.resolve(".glxc-spec-" + UUID.randomUUID()); }
    public Path newReport() { return dir.resolve(".glxc-report-" + UUID.randomUUID()); }
}
