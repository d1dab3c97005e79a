package glxc.runtime.build;

import glxc.runtime.image.Json;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A build record as JSON (keys in a fixed order, so equal records are equal files). */
final class RecordJson {
    private RecordJson() {}

    static String write(BuildRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("script", r.script() == null ? null : r.script().toString());
        m.put("scriptDigest", r.scriptDigest());
        m.put("built", r.built());
        m.put("sourceDateEpoch", r.sourceDateEpoch());
        m.put("head", r.head());
        List<Object> steps = new ArrayList<>();
        for (StepResult s : r.steps()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("index", s.index());
            o.put("where", s.where());
            o.put("step", s.step());
            o.put("key", s.key());
            o.put("layer", s.layer());
            o.put("layers", s.layers());
            o.put("bytes", s.bytes());
            o.put("millis", s.millis());
            o.put("cached", s.cached());
            o.put("reproducible", s.reproducible());
            o.put("config", config(s.config()));
            steps.add(o);
        }
        m.put("steps", steps);
        StringBuilder out = new StringBuilder();
        value(m, out, "");
        return out.append('\n').toString();
    }

    private static Map<String, Object> config(ImageConfig c) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("env", new java.util.TreeMap<>(c.env()));
        o.put("workdir", c.workdir());
        o.put("user", c.user());
        o.put("cmd", c.cmd());
        o.put("entrypoint", c.entrypoint());
        o.put("expose", c.expose());
        o.put("labels", new java.util.TreeMap<>(c.labels()));
        o.put("baseConfig", c.baseConfig());
        return o;
    }

    @SuppressWarnings("unchecked")
    static BuildRecord read(String text, String what) {
        Map<String, Object> m = Json.object(Json.parse(text), what);
        List<StepResult> steps = new ArrayList<>();
        for (Object o : (List<Object>) m.get("steps")) {
            Map<String, Object> s = (Map<String, Object>) o;
            Map<String, Object> c = (Map<String, Object>) s.get("config");
            ImageConfig config = new ImageConfig((Map<String, String>) (Map<?, ?>) c.get("env"), (String) c.get("workdir"), (String) c.get("user"),
                    strings(c.get("cmd")), strings(c.get("entrypoint")), ((List<Object>) c.get("expose")).stream().map(n -> ((Number) n).intValue()).toList(),
                    (Map<String, String>) (Map<?, ?>) c.get("labels"), strings(c.get("baseConfig")));
            steps.add(new StepResult(num(s.get("index")), (String) s.get("where"), (String) s.get("step"), (String) s.get("key"),
                    (String) s.get("layer"), strings(s.get("layers")), ((Number) s.get("bytes")).longValue(), ((Number) s.get("millis")).longValue(),
                    (Boolean) s.get("cached"), (Boolean) s.get("reproducible"), config));
        }
        String script = (String) m.get("script");
        return new BuildRecord((String) m.get("name"), script == null ? null : Path.of(script), (String) m.get("scriptDigest"),
                (String) m.get("built"), m.get("sourceDateEpoch") == null ? 0 : ((Number) m.get("sourceDateEpoch")).longValue(), num(m.get("head")), steps);
    }

    private static int num(Object o) {
        return ((Number) o).intValue();
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object o) {
        return o == null ? List.of() : (List<String>) o;
    }

    private static void value(Object v, StringBuilder out, String indent) {
        if (v == null) out.append("null");
        else if (v instanceof String s) string(s, out);
        else if (v instanceof Number || v instanceof Boolean) out.append(v);
        else if (v instanceof Map<?, ?> map) {
            if (map.isEmpty()) { out.append("{}"); return; }
            out.append("{\n");
            Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                out.append(indent).append("  ");
                string(e.getKey().toString(), out);
                out.append(": ");
                value(e.getValue(), out, indent + "  ");
                out.append(it.hasNext() ? ",\n" : "\n");
            }
            out.append(indent).append('}');
        } else if (v instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) out.append(", ");
                value(list.get(i), out, indent);
            }
            out.append(']');
        } else throw new IllegalArgumentException("no JSON form for " + v.getClass());
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (ch < 0x20) out.append(String.format("\\u%04x", (int) ch));
                    else out.append(ch);
                }
            }
        }
        out.append('"');
    }
}
