package glxc.runtime.config;

import java.util.List;
import java.util.ArrayList;

/**
 * Kernel files a container has no business reading (moby's masked paths): files are covered with
 * /dev/null, folders with an empty read-only tmpfs. And the /proc folders it may read but not write.
 * On by default; glxc.mask_paths = 0 turns both off.
 */
public final class MaskedPaths {
    public static final List<String> FILES = List.of("proc/kcore", "proc/keys", "proc/key-users", "proc/latency_stats",
            "proc/timer_list", "proc/timer_stats", "proc/sched_debug", "proc/kallsyms", "proc/kpagecount", "proc/kpageflags");
    public static final List<String> FOLDERS = List.of("proc/acpi", "proc/asound", "proc/scsi", "sys/firmware",
            "sys/devices/virtual/powercap");
    public static final List<String> READ_ONLY = List.of("proc/bus", "proc/fs", "proc/irq");

    private MaskedPaths() {}

    /** The mounts that hide and protect these paths (each optional: a kernel may lack some). */
    public static List<MountEntry> mounts(boolean proc, boolean sys) {
        List<MountEntry> out = new ArrayList<>();
        long flags = MountFlags.NOSUID | MountFlags.NODEV | MountFlags.NOEXEC;
        for (String f : FILES)
            if (proc) out.add(new MountEntry("/dev/null", f, "", MountFlags.BIND, "", MountEntry.Create.NONE, true, false));
        for (String d : FOLDERS)
            if (d.startsWith("proc/") ? proc : sys)
                out.add(new MountEntry("tmpfs", d, "tmpfs", flags | MountFlags.RDONLY, "size=0", MountEntry.Create.NONE, true, false));
        for (String d : READ_ONLY)
            if (proc) out.add(new MountEntry(d, d, "", MountFlags.BIND | MountFlags.REC | MountFlags.RDONLY | flags, "", MountEntry.Create.NONE, true, true));
        return out;
    }
}
