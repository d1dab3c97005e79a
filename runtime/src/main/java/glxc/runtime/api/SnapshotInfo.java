package glxc.runtime.api;

import java.nio.file.Path;
import java.util.List;

/** One snapshot of a container (lxc-snapshot -L): snapN, when, the comment, its backend, its own bytes, what depends on it. */
public record SnapshotInfo(String name, Path dir, String timestamp, String comment, String backend, long bytes, List<String> dependants) {}
