package glxc.runtime.cgroup;

import glxc.runtime.api.GlxcException;
import glxc.runtime.config.ConfigLine;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import glxc.runtime.api.ConfigException;
import glxc.runtime.api.ResourceUse;
import java.nio.file.FileAlreadyExistsException;
import java.util.regex.Pattern;

/**
 * A container's cgroup folders, &lt;hierarchy&gt;/glxc/&lt;name&gt; in every hierarchy. glxc creates them
 * before start and the monitor removes them when init exits; nothing outside a glxc folder is touched.
 * Limits go through {@link CgroupSettings} and the version drivers ({@link V1Driver}, {@link V2Driver}).
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

    /**
     * Hands the folders to a user-namespaced container's root, as LXC does: it may then make child
     * cgroups and move its processes among them (systemd needs both), while the limits set here stay
     * host root's files, beyond its reach.
     */
    public void delegateTo(long uid, long gid) {
        for (CgroupLayout.Hierarchy h : layout.hierarchies()) {
            Path dir = h.glxcRoot().resolve(name);
            List<String> files = new ArrayList<>(h.v2() ? List.of("cgroup.procs", "cgroup.threads", "cgroup.subtree_control") : List.of("cgroup.procs", "tasks"));
            if (h.v2()) {
                files.addAll(kernelDelegatable());
                // bounds on what the container's root may make below (root's files): the monitor removes the whole tree at the stop
                for (String[] limit : new String[][] {{"cgroup.max.depth", "32"}, {"cgroup.max.descendants", "4096"}}) {
                    try {
                        if (Files.exists(dir.resolve(limit[0]))) Files.writeString(dir.resolve(limit[0]), limit[1]);
                    } catch (IOException e) {
                        throw new GlxcException("cannot set " + dir.resolve(limit[0]) + ": " + e.getMessage());
                    }
                }
            }
            chown(dir, uid, gid);
            for (String f : files) if (Files.exists(dir.resolve(f))) chown(dir.resolve(f), uid, gid);
        }
    }

    /** The extra files the kernel lists as safe to delegate (cgroup v2). */
    private static List<String> kernelDelegatable() {
        try {
            return Files.readAllLines(Path.of("/sys/kernel/cgroup/delegate"));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void chown(Path p, long uid, long gid) {
        try {
            Files.setAttribute(p, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(p, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new GlxcException("cannot give the cgroup " + p + " to the container's root (uid " + uid + "): " + e.getMessage());
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

    /** The v1 driver, or null on a pure v2 host. */
    public CgroupDriver v1() {
        return layout.hierarchies().stream().anyMatch(h -> !h.v2()) ? new V1Driver(layout, name) : null;
    }

    /** The v2 driver, or null without a unified hierarchy. */
    public CgroupDriver v2() {
        CgroupLayout.Hierarchy u = layout.unified();
        return u == null ? null : new V2Driver(u.mountPoint(), name);
    }

    /** Writes resolved settings (limits from the config), naming the config line when the kernel refuses one. */
    public void apply(List<CgroupSettings.Write> writes) {
        for (CgroupSettings.Write w : writes) {
            try {
                CgroupFiles.write(w.file(), w.value());
            } catch (GlxcException e) {
                if (w.source() == null) throw new GlxcException("container '" + name + "': " + e.getMessage());
                throw new ConfigException(w.source().file(), w.source().line(), w.source().key(), e.getMessage());
            }
        }
    }

    /** A live value by either version's file name (memory.limit_in_bytes or memory.max), as this host holds it. */
    public String get(String file) {
        checkName(file);
        for (CgroupDriver d : drivers()) {
            Path f = fileIn(d, file);
            if (f != null && Files.exists(f)) return CgroupFiles.read(f);
        }
        for (CgroupDriver d : drivers()) {
            String other = Translation.counterpart(file, d.version());
            Path f = other == null ? null : fileIn(d, other);
            if (f != null && Files.exists(f)) return Translation.convertRead(other, CgroupFiles.read(f), d.version(), file);
        }
        CgroupDriver v1 = v1();
        if (file.equals("cpu.max") && v1 != null && v1.hasController("cpu")) {   // two v1 files make one v2 file
            Path cpu = v1.folderFor("cpu");
            String quota = CgroupFiles.read(cpu.resolve("cpu.cfs_quota_us"));
            return (quota.equals("-1") ? "max" : quota) + " " + CgroupFiles.read(cpu.resolve("cpu.cfs_period_us"));
        }
        throw new GlxcException("container '" + name + "': no cgroup file " + file + " on this host (in either version)");
    }

    /** Changes a value on the running container, translating between versions as a config key would. */
    public void set(String file, String value) {
        checkName(file);
        int version = 0;
        for (CgroupDriver d : drivers()) {
            Path f = fileIn(d, file);
            if (f != null && Files.exists(f)) version = d.version();
        }
        if (version == 0) version = Translation.isV2Name(file) ? 2 : Translation.counterpart(file, 2) != null ? 1 : 0;
        if (version == 0) throw new GlxcException("container '" + name + "': no cgroup file " + file + " on this host (in either version)");
        String key = (version == 2 ? "lxc.cgroup2." : "lxc.cgroup.") + file;
        ConfigLine line = new ConfigLine(key + " = " + value, key, value, null, 0);
        try {
            Translation.Siblings live = f -> {
                try {
                    return get(f);
                } catch (GlxcException e) {
                    return null;
                }
            };
            apply(new CgroupSettings(v1(), v2()).resolve(List.of(line), live).stream().filter(w -> w.source() != null).toList());
        } catch (ConfigException e) {
            throw new GlxcException("container '" + name + "': " + e.getMessage().replaceFirst("^" + Pattern.quote(key) + ": ", file + " = " + value + ": "));
        }
    }

    private void checkName(String file) {
        if (file.indexOf('.') <= 0 || file.contains("/") || file.contains(".."))
            throw new GlxcException("container '" + name + "': not a cgroup file name: '" + file + "' (CONTROLLER.FILE)");
    }

    private List<CgroupDriver> drivers() {
        List<CgroupDriver> out = new ArrayList<>();
        if (v1() != null) out.add(v1());
        if (v2() != null) out.add(v2());
        return out;
    }

    private static Path fileIn(CgroupDriver d, String file) {
        String controller = file.substring(0, file.indexOf('.'));
        boolean held = d.version() == 2 ? controller.equals("cgroup") || d.hasController(controller) : d.hasController(controller);
        return held ? d.folderFor(controller).resolve(file) : null;
    }

    /** Freezes every process of the container: the v1 freezer where there is one, else cgroup.freeze. */
    public void freeze(boolean frozen) {
        if (frozen) {
            freezer().freeze(true);
            return;
        }
        for (CgroupDriver d : drivers()) if (d.canFreeze() && d.isFrozenOrFreezing()) d.freeze(false);   // thaw whichever froze it
    }

    /** Frozen (or freezing) through either version. */
    public boolean isFrozen() {
        for (CgroupDriver d : drivers()) if (d.canFreeze() && d.isFrozenOrFreezing()) return true;
        return false;
    }

    private CgroupDriver freezer() {
        CgroupDriver v1 = v1();
        if (v1 != null && v1.canFreeze()) return v1;
        CgroupDriver v2 = v2();
        if (v2 != null && v2.canFreeze()) return v2;
        if (layout.hierarchies().isEmpty())
            throw new GlxcException("container '" + name + "': it has no cgroup to freeze (no cgroup v2 subtree is delegated to " + System.getProperty("user.name") + ")");
        throw new GlxcException("container '" + name + "': this host has neither a v1 freezer nor cgroup v2's cgroup.freeze");
    }

    /** Resource use, read from whichever version holds each controller. */
    public ResourceUse stats() {
        return ResourceUse.read(v1(), v2());
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
        } catch (FileAlreadyExistsException e) {
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
        String available;
        try {
            available = Files.readString(glxcRoot.resolve("cgroup.controllers")).trim();
        } catch (IOException e) {
            return;
        }
        for (String c : available.split("\\s+")) {
            try {
                if (!c.isEmpty()) Files.writeString(glxcRoot.resolve("cgroup.subtree_control"), "+" + c);
            } catch (IOException e) {
                // this one stays off; a key that needs it is reported by name at start
            }
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
