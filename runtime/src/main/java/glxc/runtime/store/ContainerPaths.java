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

    public Path newSpec() { return dir.resolve(".glxc-spec-" + UUID.randomUUID()); }
    public Path newReport() { return dir.resolve(".glxc-report-" + UUID.randomUUID()); }
}
