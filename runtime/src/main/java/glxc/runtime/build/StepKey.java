package glxc.runtime.build;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** A step's cache key: the digest of its parent's key and its inputs, each length-prefixed (no two input lists collide). */
final class StepKey {
    static final String FIRST = "glxc-build-key-2";   // changed whenever what a step makes changes for the same inputs

    private StepKey() {}

    static String of(String parent, String... inputs) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            feed(d, parent);
            for (String in : inputs) feed(d, in);
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String of(String parent, List<String> inputs) {
        return of(parent, inputs.toArray(String[]::new));
    }

    /** A result's digest: the layers it is (topmost first) and the settings it carries. */
    static String ofResult(List<String> layers, ImageConfig config) {
        List<String> in = new ArrayList<>(List.of("layers", String.valueOf(layers.size())));
        in.addAll(layers);
        in.addAll(config.keyInputs());
        return of("result", in);
    }

    private static void feed(MessageDigest d, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.update(HexFormat.of().formatHex(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length})
                .getBytes(StandardCharsets.US_ASCII));
        d.update(b);
    }
}
