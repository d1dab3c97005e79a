package glxc.runtime.image;

import glxc.runtime.api.GlxcException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One image of an OCI image layout (image-spec: oci-layout, index.json, blobs/sha256/...): the manifest
 * a tag names (org.opencontainers.image.ref.name; an image index is followed to linux/amd64), its layers
 * in order, and its config. Blobs are checked against their digests before use.
 */
public final class OciImage {
    public record Blob(String mediaType, String digest, long size) {}

    public record Config(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir, String user) {}

    private final Path layout;
    private final String manifestDigest;
    private final List<Blob> layers;
    private final Blob config;

    private OciImage(Path layout, String manifestDigest, List<Blob> layers, Blob config) {
        this.layout = layout;
        this.manifestDigest = manifestDigest;
        this.layers = layers;
        this.config = config;
    }

    /** ref: LAYOUT[:TAG]; without a tag the layout must hold exactly one image. */
    public static OciImage open(String ref) {
        int colon = ref.lastIndexOf(':');
        Path layout = Path.of(colon > 0 && !ref.substring(colon).contains("/") ? ref.substring(0, colon) : ref);
        String tag = colon > 0 && !ref.substring(colon).contains("/") ? ref.substring(colon + 1) : null;
        if (!Files.isRegularFile(layout.resolve("oci-layout")) || !Files.isRegularFile(layout.resolve("index.json")))
            throw new GlxcException(layout + " is not an OCI image layout (no oci-layout or index.json)");
        Map<String, Object> index = Json.object(Json.parse(read(layout.resolve("index.json"))), "index.json");
        Map<String, Object> chosen = null;
        List<String> tags = new ArrayList<>();
        for (Object m : list(index.get("manifests"))) {
            Map<String, Object> d = Json.object(m, "a manifest descriptor");
            Object name = d.get("annotations") instanceof Map<?, ?> a ? a.get("org.opencontainers.image.ref.name") : null;
            if (name != null) tags.add(name.toString());
            if (tag == null ? list(index.get("manifests")).size() == 1 : tag.equals(name)) chosen = d;
        }
        if (chosen == null)
            throw new GlxcException(tag == null ? layout + " holds several images (" + String.join(", ", tags) + "): name one as " + layout + ":TAG"
                    : layout + " has no image tagged '" + tag + "' (it has: " + String.join(", ", tags) + ")");
        OciImage probe = new OciImage(layout, null, List.of(), null);
        String digest = (String) chosen.get("digest");
        Map<String, Object> manifest = Json.object(Json.parse(probe.text(digest)), "the manifest " + digest);
        if (String.valueOf(chosen.get("mediaType")).endsWith("image.index.v1+json") || manifest.containsKey("manifests")) {
            for (Object m : list(manifest.get("manifests"))) {
                Map<String, Object> d = Json.object(m, "a manifest descriptor");
                Map<String, Object> p = d.get("platform") instanceof Map<?, ?> ? Json.object(d.get("platform"), "platform") : Map.of();
                if ("linux".equals(p.get("os")) && "amd64".equals(p.get("architecture"))) {
                    digest = (String) d.get("digest");
                    manifest = Json.object(Json.parse(probe.text(digest)), "the manifest " + digest);
                    break;
                }
            }
        }
        List<Blob> layers = new ArrayList<>();
        for (Object l : list(manifest.get("layers"))) layers.add(blob(Json.object(l, "a layer descriptor")));
        return new OciImage(layout, digest, layers, blob(Json.object(manifest.get("config"), "the config descriptor")));
    }

    public String manifestDigest() { return manifestDigest; }

    public List<Blob> layers() { return layers; }

    public Config config() {
        Map<String, Object> doc = Json.object(Json.parse(text(config.digest())), "the image config");
        Map<String, Object> c = doc.get("config") instanceof Map<?, ?> ? Json.object(doc.get("config"), "config") : Map.of();
        return new Config(strings(c.get("Entrypoint")), strings(c.get("Cmd")), strings(c.get("Env")),
                c.get("WorkingDir") == null ? "" : c.get("WorkingDir").toString(), c.get("User") == null ? "" : c.get("User").toString());
    }

    /** The blob's file, after checking that its content has the digest it is named by. */
    public Path verified(Blob b) {
        Path p = path(b.digest());
        MessageDigest d = sha256();
        try (InputStream in = Files.newInputStream(p)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
        } catch (IOException e) {
            throw new GlxcException("cannot read the blob " + b.digest() + " of " + layout + ": " + e.getMessage(), e);
        }
        String actual = "sha256:" + HexFormat.of().formatHex(d.digest());
        if (!actual.equals(b.digest())) throw new GlxcException("the blob " + b.digest() + " of " + layout + " is corrupt (its content is " + actual + ")");
        return p;
    }

    private String text(String digest) {
        return read(verified(new Blob("", digest, -1)));
    }

    private Path path(String digest) {
        if (digest == null || !digest.matches("sha256:[0-9a-f]{64}")) throw new GlxcException("unsupported or malformed digest '" + digest + "' in " + layout);
        return layout.resolve("blobs/sha256").resolve(digest.substring(7));
    }

    private static Blob blob(Map<String, Object> d) {
        return new Blob(String.valueOf(d.get("mediaType")), (String) d.get("digest"), d.get("size") instanceof Number n ? n.longValue() : -1);
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static List<String> strings(Object o) {
        return list(o).stream().map(String::valueOf).toList();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GlxcException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
