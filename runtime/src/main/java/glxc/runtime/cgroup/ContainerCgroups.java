package glxc.runtime.cgroup;

import glxc.runtime.api.GlxcException;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A container's cgroup folders, &lt;hierarchy&gt;/glxc/&lt;name&gt; in every hierarchy. glxc creates them
 * before start and the monitor removes them when init exits; nothing outside a glxc folder is touched.
 * Limits and the version-specific drivers come with resource control.
 */
public final class ContainerCgroups {
    private final CgroupLayout layout;
    private final String name;

    public ContainerCgroups(CgroupLayout layout, String name) {
        this.layout = layout;
        this.name = name;
    }

    public List<Path> paths() {
        List<Path> out = new ArrayList<>();
        for (CgroupLayout.Hierarchy h : layout.hierarchies()) out.add(h.glxcRoot().resolve(name));
        return out;
    }

    public void create() {
        List<Path> made = new ArrayList<>();
        try {
            for (CgroupLayout.Hierarchy h : layout.hierarchies()) {
                Path root = h.glxcRoot();
                if (!Files.isDirectory(root) || (h.has("cpuset") && !clonesChildren(root))) prepareRoot(h, root);
                Path dir = root.resolve(name);
                if (Files.isDirectory(dir)) removeStale(dir);
                mkdir(dir);
                made.add(dir);
            }
        } catch (RuntimeException e) {
            for (Path p : made) removeQuietly(p);
            throw e;
        }
    }

    /** Removes every folder, waiting briefly for exiting processes to leave. */
    public void remove() {
        for (Path p : paths()) removeQuietly(p);
    }

    public boolean anyExists() {
        for (Path p : paths()) if (Files.isDirectory(p)) return true;
        return false;
    }

    /** Total CPU time used, in nanoseconds, from whichever accounting the layout offers. */
    public OptionalLong cpuNanos() {
        CgroupLayout.Hierarchy v1 = layout.withController("cpuacct");
        if (v1 != null) return readLong(v1.glxcRoot().resolve(name).resolve("cpuacct.usage"));
        CgroupLayout.Hierarchy v2 = layout.unified();
        if (v2 == null) return OptionalLong.empty();
        try {
            for (String line : Files.readAllLines(v2.glxcRoot().resolve(name).resolve("cpu.stat")))
                if (line.startsWith("usage_usec ")) return OptionalLong.of(Long.parseLong(line.substring(11).trim()) * 1000);
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    public OptionalLong memoryBytes() {
        CgroupLayout.Hierarchy v1 = layout.withController("memory");
        if (v1 != null) return readLong(v1.glxcRoot().resolve(name).resolve("memory.usage_in_bytes"));
        CgroupLayout.Hierarchy v2 = layout.unified();
        return v2 == null ? OptionalLong.empty() : readLong(v2.glxcRoot().resolve(name).resolve("memory.current"));
    }

    public OptionalLong pids() {
        CgroupLayout.Hierarchy v1 = layout.withController("pids");
        if (v1 != null) return readLong(v1.glxcRoot().resolve(name).resolve("pids.current"));
        CgroupLayout.Hierarchy v2 = layout.unified();
        return v2 == null ? OptionalLong.empty() : readLong(v2.glxcRoot().resolve(name).resolve("pids.current"));
    }

    private static OptionalLong readLong(Path file) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private void removeStale(Path dir) {
        try {
            String procs = Files.readString(dir.resolve("cgroup.procs")).trim();
            if (!procs.isEmpty())
                throw new GlxcException("container '" + name + "': cgroup " + dir + " still holds processes " + procs.replace('\n', ' ')
                        + " (a container of that name runs outside this store?)");
        } catch (IOException e) {
            throw new GlxcException("container '" + name + "': cannot read " + dir.resolve("cgroup.procs") + ": " + e.getMessage());
        }
        removeQuietly(dir);
    }

    private static void mkdir(Path dir) {
        try {
            Files.createDirectory(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // created by a concurrent start of another container: fine
        } catch (IOException e) {
            throw new GlxcException("cannot create cgroup " + dir + ": " + e.getMessage());
        }
    }

    /**
     * The glxc folder of a hierarchy, made once: on v2 it delegates the controllers it has; a v1 cpuset
     * cgroup accepts no task until cpus and mems are set, so glxc copies them once and lets the kernel
     * copy them into every container's folder (cgroup.clone_children).
     */
    private void prepareRoot(CgroupLayout.Hierarchy h, Path root) {
        if (!Files.isDirectory(root)) mkdir(root);
        if (h.v2() && layout.kind() == CgroupLayout.Kind.V2) enableControllers(root);
        if (h.has("cpuset")) {
            inheritCpuset(h.mountPoint(), root);
            try {
                Files.writeString(root.resolve("cgroup.clone_children"), "1");
            } catch (IOException e) {
                throw new GlxcException("cannot set " + root.resolve("cgroup.clone_children") + ": " + e.getMessage());
            }
        }
    }

    private static boolean clonesChildren(Path root) {
        try {
            return Files.readString(root.resolve("cgroup.clone_children")).trim().equals("1");
        } catch (IOException e) {
            return false;
        }
    }

    /** Copies cpuset.cpus and cpuset.mems from parent where child has none. */
    private static void inheritCpuset(Path parent, Path child) {
        for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
            try {
                Path target = child.resolve(file);
                if (!Files.readString(target).isBlank()) continue;
                Files.writeString(target, Files.readString(parent.resolve(file)).trim());
            } catch (IOException e) {
                throw new GlxcException("cannot set " + child.resolve(file) + ": " + e.getMessage());
            }
        }
    }

    private static void enableControllers(Path glxcRoot) {
        try {
            for (String c : Files.readString(glxcRoot.resolve("cgroup.controllers")).trim().split("\\s+"))
                if (!c.isEmpty()) Files.writeString(glxcRoot.resolve("cgroup.subtree_control"), "+" + c);
        } catch (IOException e) {
            // a controller the parent does not delegate stays off; resource control reports it per key
        }
    }

    /** Removes a cgroup folder and any cgroups made inside it, deepest first, waiting out EBUSY briefly. */
    private static void removeQuietly(Path dir) {
        try (var children = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path child : children) removeQuietly(child);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            // unreadable: try the rmdir below anyway
        }
        for (int tries = 0; tries < 200; tries++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (NoSuchFileException e) {
                return;
            } catch (FileSystemException e) {
                sleep();   // EBUSY while the last processes exit
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
