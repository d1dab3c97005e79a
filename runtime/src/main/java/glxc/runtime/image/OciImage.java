package glxc.runtime.image;

import glxc.runtime.api.GlxcException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One image of an OCI image layout (image-spec: oci-layout, index.json, blobs/sha256/...): the manifest
 * a tag names (org.opencontainers.image.ref.name; an image index is followed to linux/amd64), its layers
 * in order, and its config. A blob must be a regular file (not a link) of the size its descriptor
 * declares; a document (index, manifest, config) may hold 4 MiB; each is checked against its digest as it
 * is read, a layer as it is unpacked.
 */
public final class OciImage {
    public record Blob(String mediaType, String digest, long size) {}

    /** The most an index, manifest or config may hold. */
    public static final long MAX_DOCUMENT_BYTES = 4 << 20;

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
        String where = "the index.json of " + layout;
        Map<String, Object> index = Json.object(parse(where, read(layout.resolve("index.json"), where)), where);
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
        Blob chosenBlob = blob(chosen);
        String digest = chosenBlob.digest();
        Map<String, Object> manifest = Json.object(probe.document("the manifest", chosenBlob), "the manifest " + digest);
        if (String.valueOf(chosen.get("mediaType")).endsWith("image.index.v1+json") || manifest.containsKey("manifests")) {
            for (Object m : list(manifest.get("manifests"))) {
                Map<String, Object> d = Json.object(m, "a manifest descriptor");
                Map<String, Object> p = d.get("platform") instanceof Map<?, ?> ? Json.object(d.get("platform"), "platform") : Map.of();
                if ("linux".equals(p.get("os")) && "amd64".equals(p.get("architecture"))) {
                    Blob b = blob(d);
                    digest = b.digest();
                    manifest = Json.object(probe.document("the manifest", b), "the manifest " + digest);
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
        Map<String, Object> doc = Json.object(document("the image config", config), "the image config");
        Map<String, Object> c = doc.get("config") instanceof Map<?, ?> ? Json.object(doc.get("config"), "config") : Map.of();
        return new Config(strings(c.get("Entrypoint")), strings(c.get("Cmd")), strings(c.get("Env")),
                c.get("WorkingDir") == null ? "" : c.get("WorkingDir").toString(), c.get("User") == null ? "" : c.get("User").toString());
    }

    /**
     * A layer's content, read from its file as it was checked (a regular file, not a link, of its declared
     * size); reading it to the end checks its digest, and an error says that it is corrupt.
     */
    public InputStream layer(Blob b) {
        return blob("the layer", b, Long.MAX_VALUE);
    }

    private BlobInput blob(String what, Blob b, long max) {
        String name = what + " " + b.digest() + " of " + layout;
        if (b.size() < 0) throw new GlxcException(name + ": its descriptor declares no size");
        if (b.size() > max) throw new GlxcException(name + " has " + b.size() + " bytes, more than the " + max + " it may have");
        return BlobInput.open(path(b.digest()), name, b.digest(), b.size(), max);
    }

    /** A JSON document (manifest, index, config): at most 4 MiB, checked against its digest before it is parsed. */
    private Object document(String what, Blob b) {
        try (BlobInput in = blob(what, b, MAX_DOCUMENT_BYTES)) {
            return parse(what + " " + b.digest() + " of " + layout, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new GlxcException(e.getMessage(), e);
        }
    }

    /** A file of the layout that no descriptor names (index.json): a regular file of at most 4 MiB. */
    private static String read(Path file, String name) {
        try (BlobInput in = BlobInput.open(file, name, null, -1, MAX_DOCUMENT_BYTES)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GlxcException(e.getMessage(), e);
        }
    }

    private static Object parse(String name, String text) {
        try {
            return Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new GlxcException(name + ": " + e.getMessage());
        }
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

}
