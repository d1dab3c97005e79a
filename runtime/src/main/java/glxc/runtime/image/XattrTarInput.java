package glxc.runtime.image;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tar reader that keeps each entry's SCHILY.xattr.NAME records as the bytes they are. commons-compress
 * decodes every PAX value as UTF-8 text, which turns a binary value (security.capability, an ACL) into
 * replacement characters; so the data of an entry's PAX header is kept as commons-compress reads it and
 * parsed again here. A PAX header may hold at most 1 MiB (as in Go's archive/tar, which writes most images).
 */
final class XattrTarInput extends TarArchiveInputStream {
    static final int MAX_PAX_BYTES = 1 << 20;
    private static final String PREFIX = "SCHILY.xattr.";

    private final ByteArrayOutputStream pax = new ByteArrayOutputStream();
    private int depth;
    private Map<String, byte[]> xattrs = Map.of();

    XattrTarInput(InputStream in) {
        super(in);
    }

    /** The next entry; its xattrs are then {@link #xattrs()}. */
    @Override
    public TarArchiveEntry getNextEntry() throws IOException {
        if (depth == 0) pax.reset();
        depth++;   // commons-compress calls this again for the entry after a PAX header
        try {
            TarArchiveEntry e = super.getNextEntry();
            if (depth == 1) xattrs = parse(pax.toByteArray());
            return e;
        } finally {
            depth--;
        }
    }

    @Override
    public int read(byte[] buf, int offset, int length) throws IOException {
        int n = super.read(buf, offset, length);
        TarArchiveEntry current = getCurrentEntry();
        if (n > 0 && current != null && current.isPaxHeader()) {   // the PAX header of the entry that follows
            if (pax.size() + n > MAX_PAX_BYTES) throw new IOException("a PAX header of more than " + MAX_PAX_BYTES + " bytes: refused");
            pax.write(buf, offset, n);
        }
        return n;
    }

    /** The xattrs of the entry returned last: name to value, the value's bytes as the archive holds them. */
    Map<String, byte[]> xattrs() {
        return xattrs;
    }

    /** Records "LENGTH KEY=VALUE\n", LENGTH counting the whole record; NUL padding ends them. */
    static Map<String, byte[]> parse(byte[] data) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        int at = 0;
        while (at < data.length && data[at] != 0) {
            int space = at;
            long length = 0;
            while (space < data.length && data[space] >= '0' && data[space] <= '9' && length <= data.length) length = length * 10 + (data[space++] - '0');
            if (space == at || space >= data.length || data[space] != ' ' || length > data.length - at || data[at + (int) length - 1] != '\n')
                throw new IOException("a malformed PAX record at byte " + at + " of a PAX header");
            int end = at + (int) length - 1;
            int eq = space + 1;
            while (eq < end && data[eq] != '=') eq++;
            if (eq == end) throw new IOException("a PAX record without '=' at byte " + at + " of a PAX header");
            String key = new String(data, space + 1, eq - space - 1, StandardCharsets.UTF_8);
            if (key.startsWith(PREFIX) && key.length() > PREFIX.length()) out.put(key.substring(PREFIX.length()), Arrays.copyOfRange(data, eq + 1, end));
            at += (int) length;
        }
        return out;
    }
}
