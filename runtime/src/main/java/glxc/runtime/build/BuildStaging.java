package glxc.runtime.build;

import glxc.runtime.api.Container;
import glxc.runtime.api.Store;
import glxc.runtime.kernel.Processes;

import java.util.UUID;

/**
 * Build containers (image steps and composed templates) are named after the process that made them
 * (glxc-build-PID-START-RAND): one whose builder is gone (killed, Ctrl-C) is removed by the next build in
 * the store, so none pins its layers from prune or shows in glxc ls for long.
 */
public final class BuildStaging {
    static final String PREFIX = "glxc-build-";

    private BuildStaging() {}

    public static String newName() {
        int pid = (int) ProcessHandle.current().pid();
        return PREFIX + pid + "-" + Processes.startTime(pid) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static void reapAbandoned(Store store) {
        for (Container c : store.list()) {
            if (!c.name().startsWith(PREFIX)) continue;
            String[] f = c.name().substring(PREFIX.length()).split("-");
            try {
                if (f.length == 3 && !Processes.isAlive(Integer.parseInt(f[0]), Long.parseLong(f[1]))) c.destroy(true);
            } catch (RuntimeException e) {
                // another build may be removing it; the next one tries again
            }
        }
    }
}
