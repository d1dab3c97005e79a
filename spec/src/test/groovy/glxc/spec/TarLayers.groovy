package glxc.spec

import org.apache.commons.compress.archivers.tar.TarArchiveEntry
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.util.zip.GZIPOutputStream

/**
 * Hand-made image layers for the unpacker's specs: entries as maps, written as a gzip'd tar; an entry's
 * xattrs go in a PAX header written byte for byte (commons-compress would encode a value as UTF-8 text).
 */
class TarLayers {
    static Map dir(String name, Map more = [:]) { [name: name, type: 'dir'] + more }

    static Map file(String name, Object content, Map more = [:]) {
        [name: name, type: 'file', data: content instanceof String ? content.bytes : content, mode: 0644] + more
    }

    static Map link(String name, String target) { [name: name, type: 'symlink', target: target] }

    static Map hardlink(String name, String target) { [name: name, type: 'hardlink', target: target] }

    /** A gzip'd tar of these entries, written to a file in folder. */
    static Path layer(Path folder, Map... entries) {
        def bytes = new ByteArrayOutputStream()
        new TarArchiveOutputStream(new GZIPOutputStream(bytes)).withCloseable { tar ->
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX)
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX)
            for (Map e : entries) {
                if (e.xattrs) {
                    byte[] pax = paxRecords(e.xattrs as Map<String, byte[]>)
                    TarArchiveEntry x = new TarArchiveEntry('PaxHeaders/' + e.name.take(50), TarArchiveEntry.LF_PAX_EXTENDED_HEADER_LC)
                    x.size = pax.length
                    tar.putArchiveEntry(x)
                    tar.write(pax)
                    tar.closeArchiveEntry()
                }
                TarArchiveEntry t
                switch (e.type) {
                    case 'dir': t = new TarArchiveEntry(e.name); t.mode = 040755; break
                    case 'file': t = new TarArchiveEntry(e.name); t.size = e.data.length; t.mode = 0100000 | e.mode; break
                    case 'hardlink': t = new TarArchiveEntry(e.name, TarArchiveEntry.LF_LINK); t.linkName = e.target; break
                    default: t = new TarArchiveEntry(e.name, TarArchiveEntry.LF_SYMLINK); t.linkName = e.target
                }
                if (e.mtime != null) t.modTime = new Date((e.mtime as long) * 1000)
                tar.putArchiveEntry(t)
                if (e.type == 'file') tar.write(e.data)
                tar.closeArchiveEntry()
            }
        }
        Path blob = Files.createTempFile(folder, 'layer-', '.tar.gz')
        Files.write(blob, bytes.toByteArray())
        blob
    }

    /** PAX records "LEN SCHILY.xattr.NAME=VALUE\n", the value's bytes as they are. */
    static byte[] paxRecords(Map<String, byte[]> xattrs) {
        def out = new ByteArrayOutputStream()
        xattrs.each { String name, byte[] value ->
            byte[] key = "SCHILY.xattr.${name}=".getBytes(StandardCharsets.UTF_8)
            int body = key.length + value.length + 1
            int len = body + 2
            while (len.toString().length() + 1 + body != len) len = len.toString().length() + 1 + body
            out.write("${len} ".getBytes(StandardCharsets.US_ASCII))
            out.write(key)
            out.write(value)
            out.write(10)
        }
        out.toByteArray()
    }
}
