package glxc.runtime.cgroup;

import java.io.IOException;
import glxc.runtime.kernel.Processes;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's cgroup hierarchies, read once from /proc/self/mountinfo: v1 hierarchies with their
 * controllers, and the v2 (unified) one. Kind is V1, V2 or HYBRID (both, as on this machine).
 */
public record CgroupLayout(Kind kind, List<Hierarchy> hierarchies) {

    public enum Kind { V1, V2, HYBRID, NONE }

    /** One mounted hierarchy; options are the v1 controllers (e.g. "cpu,cpuacct" or "name=systemd"). */
    public record Hierarchy(Path mountPoint, boolean v2, String options) {
        public boolean has(String controller) {
            for (String o : options.split(",")) if (o.equals(controller)) return true;
            return false;
        }

        /** The folder glxc keeps its containers in, in this hierarchy. */
        public Path glxcRoot() {
            return mountPoint.resolve("glxc");
        }
    }

    private static volatile CgroupLayout detected;

    public static CgroupLayout detect() {
        CgroupLayout l = detected;
        if (l == null) detected = l = read(Path.of("/proc/self/mountinfo"));
        return l;
    }

    static CgroupLayout read(Path mountinfo) {
        List<Hierarchy> hierarchies = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(mountinfo)) {
                String[] halves = line.split(" - ", 2);
                if (halves.length < 2) continue;
                String[] pre = halves[0].split(" ");
                String[] post = halves[1].split(" ");
                String fstype = post[0];
                if (!fstype.equals("cgroup") && !fstype.equals("cgroup2")) continue;
                Path mountPoint = Path.of(unescape(pre[4]));
                if (fstype.equals("cgroup2")) {
                    hierarchies.add(new Hierarchy(mountPoint, true, ""));
                    continue;
                }
                List<String> controllers = new ArrayList<>();
                for (String opt : post[2].split(","))
                    if (!opt.equals("rw") && !opt.equals("ro") && !opt.startsWith("release_agent") && !opt.equals("clone_children")
                            && !opt.startsWith("xattr") && !opt.equals("noprefix") && !opt.equals("cpuset_v2_mode"))
                        controllers.add(opt);
                hierarchies.add(new Hierarchy(mountPoint, false, String.join(",", controllers)));
            }
        } catch (IOException e) {
            return new CgroupLayout(Kind.NONE, List.of());
        }
        boolean v1 = hierarchies.stream().anyMatch(h -> !h.v2());
        boolean v2 = hierarchies.stream().anyMatch(Hierarchy::v2);
        Kind kind = v1 && v2 ? Kind.HYBRID : v1 ? Kind.V1 : v2 ? Kind.V2 : Kind.NONE;
        return new CgroupLayout(kind, List.copyOf(hierarchies));
    }

    private static volatile CgroupLayout delegated;

    /**
     * Where the caller may keep containers' cgroups: every hierarchy for root; for anyone else, the cgroup
     * v2 subtree the host delegated to them (systemd's user@UID.service, or a folder an administrator
     * gave them): the topmost folder above their own cgroup that they own. NONE when there is none.
     */
    public static CgroupLayout forCaller() {
        if (Processes.isRoot()) return detect();
        CgroupLayout l = delegated;
        if (l == null) delegated = l = delegatedTo(detect(), Path.of("/proc/self/cgroup"), Processes.uid());
        return l;
    }

    static CgroupLayout delegatedTo(CgroupLayout host, Path procCgroup, int uid) {
        Hierarchy unified = host.unified();
        if (unified == null) return new CgroupLayout(Kind.NONE, List.of());
        try {
            String own = null;
            for (String line : Files.readAllLines(procCgroup)) if (line.startsWith("0::")) own = line.substring(3);
            if (own == null) return new CgroupLayout(Kind.NONE, List.of());
            Path top = null;
            for (Path p = unified.mountPoint().resolve(own.replaceFirst("^/+", "")).normalize(); p.startsWith(unified.mountPoint()) && !p.equals(unified.mountPoint()); p = p.getParent()) {
                if ((Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) != uid) break;
                top = p;
            }
            return top == null ? new CgroupLayout(Kind.NONE, List.of()) : new CgroupLayout(Kind.V2, List.of(new Hierarchy(top, true, "")));
        } catch (IOException | RuntimeException e) {
            return new CgroupLayout(Kind.NONE, List.of());
        }
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    public Hierarchy withController(String controller) {
        for (Hierarchy h : hierarchies) if (!h.v2() && h.has(controller)) return h;
        return null;
    }

    public Hierarchy unified() {
        for (Hierarchy h : hierarchies) if (h.v2()) return h;
        return null;
    }
}
