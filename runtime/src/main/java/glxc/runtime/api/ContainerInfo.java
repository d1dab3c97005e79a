package glxc.runtime.api;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/** A snapshot of what lxc-info and lxc-ls report about one container. */
public record ContainerInfo(String name, ContainerState state, int pid, List<String> ipv4, List<String> ipv6,
                            ResourceUse use, Path configPath, Path rootfs, boolean autostart, List<String> groups,
                            Integer lastExitStatus, long startedMillis, List<LinkStats> links,
                            String backend, int snapshotCount) {
    /** An interface inside the container and the bytes it received and sent. */
    public record LinkStats(String name, long rxBytes, long txBytes) {}

    public OptionalLong cpuNanos() { return use.cpuNanos(); }
    public OptionalLong memoryBytes() { return use.memoryBytes(); }
    public OptionalLong pids() { return use.pids(); }
}
