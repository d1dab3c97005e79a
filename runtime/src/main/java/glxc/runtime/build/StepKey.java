package glxc.runtime.build;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A step's cache key: the digest of its parent's key and its inputs, each length-prefixed (no two input lists collide). */
final class StepKey {
    static final String FIRST = "glxc-build-key-1";

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

    private static void feed(MessageDigest d, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.update(HexFormat.of().formatHex(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length})
                .getBytes(StandardCharsets.US_ASCII));
        d.update(b);
    }
}
