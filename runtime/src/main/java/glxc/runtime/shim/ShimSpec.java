package glxc.runtime.shim;

import glxc.runtime.config.MountEntry;

import java.nio.file.Path;
import java.util.List;

/**
 * The fully resolved instructions for one shim run, written as "key TAB field..." lines (see
 * docs/shim.md). The JVM resolves and validates everything; the shim only executes.
 */
public final class ShimSpec {
    private final StringBuilder text = new StringBuilder();

    public ShimSpec put(String key, Object... fields) {
        text.append(key);
        for (Object f : fields) {
            text.append('\t').append(escape(String.valueOf(f)));
        }
        text.append('\n');
        return this;
    }

    /** Fields may hold any text: backslash, tab and newline travel escaped (spec.c unescapes them). */
    static String escape(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf('\t') < 0 && s.indexOf('\n') < 0) return s;
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    public ShimSpec putAll(String key, List<String> values) {
        for (String v : values) put(key, v);
        return this;
    }

    public ShimSpec mount(MountEntry m) {
        return put("mount", m.source(), m.target(), m.fstype(), m.flags(), m.data(), m.create().ordinal(),
                m.optional() ? 1 : 0, m.sourceInRootfs() ? 1 : 0);
    }

    public ShimSpec path(String key, Path p) {
        return put(key, p.toAbsolutePath().toString());
    }

    public String text() {
        return text.toString();
    }
}
