package glxc.runtime.cgroup;

import glxc.runtime.api.ConfigException;
import glxc.runtime.config.ConfigLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns lxc.cgroup.* (v1) and lxc.cgroup2.* (v2) lines into file writes for this host's layout, as LXC
 * does: a key applies where its controller lives; when a config sets both versions for a controller
 * (LXC's common.conf does for devices), only the keys of the version holding it apply; a key of the
 * other version is translated when a counterpart exists; a key that can apply nowhere is an error
 * naming it.
 */
public final class CgroupSettings {
    /** One file to write, and the config line it comes from (for errors). */
    public record Write(Path file, String value, ConfigLine source) {}

    /** Controllers with another name in the other version. */
    private static final Map<String, String> V1_TO_V2 = Map.of("blkio", "io", "cpuacct", "cpu", "freezer", "cgroup");
    private static final Map<String, String> V2_TO_V1 = Map.of("io", "blkio", "cgroup", "freezer");

    /** LXC's default device policy (common.conf): mknod anything, use only these. */
    public static final List<String> DEFAULT_DEVICE_RULES = List.of("deny:a", "allow:c *:* m", "allow:b *:* m",
            "allow:c 1:3 rwm", "allow:c 1:5 rwm", "allow:c 1:7 rwm", "allow:c 5:0 rwm", "allow:c 5:1 rwm", "allow:c 5:2 rwm",
            "allow:c 1:8 rwm", "allow:c 1:9 rwm", "allow:c 136:* rwm", "allow:c 10:229 rwm");

    private final CgroupDriver v1;
    private final CgroupDriver v2;
    private String defaultPidsMax;

    public CgroupSettings(CgroupDriver v1, CgroupDriver v2) {
        this.v1 = v1;
        this.v2 = v2;
    }

    /** The pids limit written when the config sets none (a fork bomb must stop somewhere); null for none. */
    public CgroupSettings withDefaultPidsMax(String value) {
        this.defaultPidsMax = value;
        return this;
    }

    public static int version(String key) {
        return key.startsWith("lxc.cgroup2.") ? 2 : 1;
    }

    public static String file(String key) {
        return key.substring(key.startsWith("lxc.cgroup2.") ? "lxc.cgroup2.".length() : "lxc.cgroup.".length());
    }

    static String controller(String file) {
        int dot = file.indexOf('.');
        if (dot <= 0 || file.contains("/")) throw new IllegalArgumentException("not a cgroup file name: '" + file + "' (CONTROLLER.FILE)");
        return file.substring(0, dot);
    }

    public List<Write> resolve(List<ConfigLine> lines) {
        return resolve(lines, Translation.Siblings.NONE);
    }

    /** live supplies current values of sibling files (for `glxc cgroup` on a running container). */
    public List<Write> resolve(List<ConfigLine> lines, Translation.Siblings live) {
        List<Write> out = new ArrayList<>();
        boolean anyDevices = false;
        // as LXC's sort_cgroup_settings: memory+swap after the memory limit, or v1 refuses it
        List<ConfigLine> ordered = new ArrayList<>(lines);
        ordered.sort((a, b) -> Boolean.compare(a.key().contains(".memsw."), b.key().contains(".memsw.")));
        Translation.Siblings siblings = f -> {
            String v = configured(lines, f);
            return v != null ? v : live.get(f);
        };
        for (ConfigLine l : ordered) {
            String file = file(l.key());
            try {
                anyDevices |= controller(file).equals("devices");
                out.addAll(resolve(l, version(l.key()), file, l.value(), lines, siblings));
            } catch (IllegalArgumentException e) {
                throw error(l, e.getMessage());
            }
        }
        boolean anyPids = lines.stream().anyMatch(l -> controller(file(l.key())).equals("pids"));
        if (!anyPids && defaultPidsMax != null) {
            CgroupDriver d = holds(v1, "pids") ? v1 : holds(v2, "pids") ? v2 : null;
            if (d != null) out.add(new Write(d.folderFor("pids").resolve("pids.max"), defaultPidsMax, null));
        }
        if (!anyDevices && holds(v1, "devices"))
            for (String rule : DEFAULT_DEVICE_RULES) {
                String[] r = rule.split(":", 2);
                out.add(new Write(v1.folderFor("devices").resolve("devices." + r[0]), r[1], null));
            }
        return out;
    }

    /** Whether there is a device policy in force: v1's devices controller (v2 needs a BPF program). */
    public boolean enforcesDevices() {
        return holds(v1, "devices");
    }

    /** The value a file has in these lines, under its own name or its other-version name. */
    private static String configured(List<ConfigLine> lines, String file) {
        String found = null;
        for (ConfigLine l : lines) {
            String f = file(l.key());
            if (f.equals(file)) found = l.value();
            else if (found == null && file.equals(Translation.counterpart(f, 3 - version(l.key()))))
                found = Translation.convertRead(f, l.value(), version(l.key()), file);
        }
        return found;
    }

    private List<Write> resolve(ConfigLine l, int version, String file, String value, List<ConfigLine> all, Translation.Siblings siblings) {
        String controller = controller(file);
        CgroupDriver own = version == 1 ? v1 : v2, other = version == 1 ? v2 : v1;
        if (holds(own, controller)) return List.of(new Write(own.folderFor(controller).resolve(file), value, l));
        String otherController = (version == 1 ? V1_TO_V2 : V2_TO_V1).getOrDefault(controller, controller);
        if (holds(other, otherController) && setsOtherVersion(all, version, otherController)) return List.of();   // LXC: the holding version's keys apply
        if (controller.equals("devices") && version == 1 && other != null && setsOtherVersion(all, 1, "devices"))
            return List.of();   // the v2 rules speak for themselves (and say why they cannot apply)
        if (controller.equals("devices"))
            throw error(l, holds(other, "devices") || version == 1
                    ? "the devices controller is not on cgroup v" + version + " here; set the device rules for the other version"
                    : "device rules on cgroup v2 need a BPF device program, which glxc cannot load yet");
        List<Translation.Write> translated = Translation.translate(file, value, 3 - version, siblings);
        if (!translated.isEmpty() && holds(other, otherController)) {
            List<Write> out = new ArrayList<>();
            for (Translation.Write t : translated) out.add(new Write(other.folderFor(otherController).resolve(t.file()), t.value(), l));
            return out;
        }
        if (!holds(own, controller) && !holds(other, otherController))
            throw error(l, "no cgroup hierarchy on this host has the " + controller + " controller");
        throw error(l, "the " + controller + " controller is on cgroup v" + (3 - version) + " here, and " + file + " has no v" + (3 - version) + " equivalent");
    }

    private static boolean setsOtherVersion(List<ConfigLine> all, int version, String otherController) {
        for (ConfigLine l : all)
            if (version(l.key()) != version && controller(file(l.key())).equals(otherController)) return true;
        return false;
    }

    private static boolean holds(CgroupDriver d, String controller) {
        if (d == null) return false;
        if (d.version() == 2 && controller.equals("cgroup")) return true;   // core files: cgroup.freeze, cgroup.max.depth...
        return d.hasController(controller);
    }

    private static ConfigException error(ConfigLine l, String message) {
        return new ConfigException(l.file(), l.line(), l.key(), message);
    }
}
