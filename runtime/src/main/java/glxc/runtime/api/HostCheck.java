package glxc.runtime.api;

import glxc.runtime.cgroup.CgroupLayout;
import glxc.runtime.shim.Shim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the kernel and the host offer glxc (lxc-checkconfig), as (section, item, ok, detail) rows. */
public final class HostCheck {
    public record Item(String section, String name, boolean ok, String detail) {}

    private HostCheck() {}

    public static List<Item> run() {
        List<Item> out = new ArrayList<>();
        out.add(new Item("Kernel", "Version", true, read("/proc/sys/kernel/osrelease")));
        for (Namespace ns : Namespace.values())
            out.add(new Item("Namespaces", ns.lxcName + " namespace", Files.exists(Path.of("/proc/self/ns", ns.procName)), ns.procName));
        String maxUserns = read("/proc/sys/user/max_user_namespaces");
        out.add(new Item("Namespaces", "User namespaces allowed", !maxUserns.equals("0") && !maxUserns.isEmpty(), "max_user_namespaces=" + maxUserns));
        CgroupLayout layout = CgroupLayout.detect();
        out.add(new Item("Control groups", "Layout", layout.kind() != CgroupLayout.Kind.NONE, layout.kind().name()));
        for (CgroupLayout.Hierarchy h : layout.hierarchies())
            out.add(new Item("Control groups", h.v2() ? "cgroup2 (unified)" : "cgroup v1 " + h.options(), true, h.mountPoint().toString()));
        String filesystems = read("/proc/filesystems");
        for (String fs : List.of("overlay", "btrfs", "tmpfs", "devpts", "mqueue"))
            out.add(new Item("Filesystems", fs, filesystems.contains("\t" + fs + "\n") || filesystems.contains(" " + fs + "\n"), ""));
        try {
            out.add(new Item("glxc", "Shim", true, Shim.binary().toString()));
        } catch (GlxcException e) {
            out.add(new Item("glxc", "Shim", false, e.getMessage()));
        }
        boolean busybox = Files.isExecutable(Path.of("/bin/busybox")) || Files.isExecutable(Path.of("/usr/bin/busybox"));
        out.add(new Item("glxc", "busybox (for the busybox template)", busybox, busybox ? "" : "install busybox-static"));
        return out;
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path)).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
