package glxc.runtime.api;

import glxc.runtime.cgroup.CgroupLayout;
import glxc.runtime.template.Templates;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * glxc's system-wide settings, as lxc-config shows LXC's: where the store is, how container cgroups
 * are named, the cgroup layout found, where LXC-style templates are looked up. Read-only: each is
 * computed from the environment and the kernel.
 */
public final class SystemConfig {
    private static final Map<String, Supplier<String>> ITEMS = new LinkedHashMap<>();

    static {
        ITEMS.put("lxc.lxcpath", () -> Store.open((String) null).path().toString());
        ITEMS.put("lxc.default_config", () -> "");   // glxc reads no default config; create -f FILE gives one
        ITEMS.put("lxc.cgroup.pattern", () -> "glxc/%n");
        ITEMS.put("lxc.cgroup.use", () -> String.join(",", CgroupLayout.detect().hierarchies().stream()
                .map(h -> h.v2() ? "unified" : h.options()).toList()));
        ITEMS.put("glxc.cgroup.layout", () -> CgroupLayout.detect().kind().name().toLowerCase());
        ITEMS.put("glxc.templates.path", () -> String.join(":", Templates.LXC_TEMPLATE_DIRS.stream().map(Object::toString).toList()));
    }

    private SystemConfig() {}

    public static Iterable<String> keys() {
        return ITEMS.keySet();
    }

    /** The value of key, or an exception naming the keys there are. */
    public static String get(String key) {
        Supplier<String> s = ITEMS.get(key);
        if (s == null) throw new GlxcException("unknown configuration key '" + key + "' (glxc config -l lists them)");
        return s.get();
    }
}
