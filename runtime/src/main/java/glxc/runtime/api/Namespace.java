package glxc.runtime.api;

import java.util.Locale;

/** The namespaces a container gets: LXC's name (for -s/--namespaces), the CLONE_ flag, /proc/PID/ns name. */
public enum Namespace {
    MOUNT("MOUNT", 0x00020000, "mnt"),
    PID("PID", 0x20000000, "pid"),
    UTSNAME("UTSNAME", 0x04000000, "uts"),
    IPC("IPC", 0x08000000, "ipc"),
    NETWORK("NETWORK", 0x40000000, "net"),
    CGROUP("CGROUP", 0x02000000, "cgroup"),
    USER("USER", 0x10000000, "user");

    public final String lxcName;
    public final int cloneFlag;
    public final String procName;

    Namespace(String lxcName, int cloneFlag, String procName) {
        this.lxcName = lxcName;
        this.cloneFlag = cloneFlag;
        this.procName = procName;
    }

    public static Namespace parse(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        for (Namespace ns : values())
            if (ns.lxcName.equals(s) || ns.procName.toUpperCase(Locale.ROOT).equals(s) || ns.name().equals(s)) return ns;
        throw new IllegalArgumentException("no such namespace: " + text
                + " (one of MOUNT, PID, UTSNAME, IPC, NETWORK, CGROUP, USER)");
    }

    public static int flags(Iterable<Namespace> namespaces) {
        int flags = 0;
        for (Namespace ns : namespaces) flags |= ns.cloneFlag;
        return flags;
    }
}
