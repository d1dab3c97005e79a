package glxc.runtime.config;

import java.util.Map;

/** mount(2) flags and the fstab option names that set or clear them (LXC's mount_opt table). */
public final class MountFlags {
    public static final long RDONLY = 1, NOSUID = 2, NODEV = 4, NOEXEC = 8, SYNCHRONOUS = 16, REMOUNT = 32,
            MANDLOCK = 64, DIRSYNC = 128, NOATIME = 1024, NODIRATIME = 2048, BIND = 4096, REC = 16384,
            RELATIME = 1 << 21, STRICTATIME = 1 << 24, LAZYTIME = 1 << 25;

    /** option name -> {flag, 1 to set or 0 to clear} */
    private static final Map<String, long[]> OPTIONS = Map.ofEntries(
            Map.entry("defaults", new long[] {0, 1}), Map.entry("ro", new long[] {RDONLY, 1}),
            Map.entry("rw", new long[] {RDONLY, 0}), Map.entry("suid", new long[] {NOSUID, 0}),
            Map.entry("nosuid", new long[] {NOSUID, 1}), Map.entry("dev", new long[] {NODEV, 0}),
            Map.entry("nodev", new long[] {NODEV, 1}), Map.entry("exec", new long[] {NOEXEC, 0}),
            Map.entry("noexec", new long[] {NOEXEC, 1}), Map.entry("sync", new long[] {SYNCHRONOUS, 1}),
            Map.entry("async", new long[] {SYNCHRONOUS, 0}), Map.entry("dirsync", new long[] {DIRSYNC, 1}),
            Map.entry("remount", new long[] {REMOUNT, 1}), Map.entry("mand", new long[] {MANDLOCK, 1}),
            Map.entry("nomand", new long[] {MANDLOCK, 0}), Map.entry("atime", new long[] {NOATIME, 0}),
            Map.entry("noatime", new long[] {NOATIME, 1}), Map.entry("diratime", new long[] {NODIRATIME, 0}),
            Map.entry("nodiratime", new long[] {NODIRATIME, 1}), Map.entry("bind", new long[] {BIND, 1}),
            Map.entry("rbind", new long[] {BIND | REC, 1}), Map.entry("relatime", new long[] {RELATIME, 1}),
            Map.entry("norelatime", new long[] {RELATIME, 0}), Map.entry("strictatime", new long[] {STRICTATIME, 1}),
            Map.entry("nostrictatime", new long[] {STRICTATIME, 0}), Map.entry("lazytime", new long[] {LAZYTIME, 1}),
            Map.entry("auto", new long[] {0, 1}), Map.entry("noauto", new long[] {0, 1}),
            Map.entry("user", new long[] {0, 1}), Map.entry("nouser", new long[] {0, 1}));

    private MountFlags() {}

    /** Applies option to flags if it is a flag option; returns null when it is filesystem data instead. */
    static Long apply(long flags, String option) {
        long[] o = OPTIONS.get(option);
        if (o == null) return null;
        return o[1] == 1 ? flags | o[0] : flags & ~o[0];
    }
}
