package glxc.runtime.lifecycle;

import glxc.runtime.api.Container;
import glxc.runtime.api.GlxcException;
import glxc.runtime.config.ContainerConfig;

import java.io.IOException;
import java.util.Map;

/** Hooks that run on the host from the JVM (destroy; clone once copies exist), with LXC's arguments and LXC_* environment. */
final class HostHooks {
    private HostHooks() {}

    static void run(Container c, ContainerConfig config, String type, Map<String, String> extraEnv) {
        for (String hook : config.hooks(type)) {
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", hook + " " + c.name() + " lxc " + type).inheritIO();
            pb.environment().putAll(hookEnvironment(c, config));
            pb.environment().put("LXC_HOOK_TYPE", type);
            pb.environment().put("LXC_HOOK_SECTION", "lxc");
            pb.environment().putAll(extraEnv);
            try {
                int status = pb.start().waitFor();
                if (status != 0)
                    throw new GlxcException("container '" + c.name() + "': " + type + " hook '" + hook + "' failed with status " + status);
            } catch (IOException e) {
                throw new GlxcException("container '" + c.name() + "': cannot run " + type + " hook '" + hook + "': " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GlxcException("container '" + c.name() + "': interrupted in " + type + " hook");
            }
        }
    }

    static Map<String, String> hookEnvironment(Container c, ContainerConfig config) {
        String rootfs = config.rootfs().map(Object::toString).orElse("");
        return Map.of("LXC_NAME", c.name(), "LXC_CONFIG_FILE", c.configPath().toString(), "LXC_ROOTFS_PATH", rootfs,
                "LXC_ROOTFS_MOUNT", rootfs, "LXC_CGNS_AWARE", "1");
    }
}
