package glxc.runtime.net;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** MAC addresses as config keys write them, with LXC's 'x' placeholders for random hex digits. */
public final class MacAddress {
    private static final SecureRandom RANDOM = new SecureRandom();

    private MacAddress() {}

    /** Replaces each x with a random hex digit, keeping the result a unicast address (LXC's rule at create). */
    public static String fill(String pattern) {
        StringBuilder b = new StringBuilder(pattern.length());
        for (char ch : pattern.toCharArray()) b.append(ch == 'x' || ch == 'X' ? Character.forDigit(RANDOM.nextInt(16), 16) : ch);
        byte[] bytes = parse(b.toString());
        bytes[0] &= (byte) 0xfe;
        return format(bytes);
    }

    /** A stable address for an interface with no hwaddr: 00:16:3e (LXC's prefix) and three bytes of a digest of key. */
    public static byte[] derived(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return new byte[]{0x00, 0x16, 0x3e, (byte) (d[0] & 0x7f), d[1], d[2]};
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] parse(String mac) {
        String[] parts = mac.split(":");
        if (parts.length != 6) throw new IllegalArgumentException("invalid MAC address '" + mac + "'");
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) out[i] = (byte) Integer.parseInt(parts[i], 16);
        return out;
    }

    public static String format(byte[] mac) {
        return Rtnetlink.mac(mac);
    }
}
