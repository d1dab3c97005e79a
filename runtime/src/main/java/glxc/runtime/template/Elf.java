package glxc.runtime.template;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** Just enough ELF to tell a static executable from one that needs a dynamic loader. */
final class Elf {
    private static final int PT_INTERP = 3;

    private Elf() {}

    static boolean isStatic(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer h = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(h, 0);
            if (h.getInt(0) != 0x464c457f || h.get(4) != 2) throw new IOException(file + " is not a 64-bit ELF executable");
            long phoff = h.getLong(32);
            int phentsize = Short.toUnsignedInt(h.getShort(54));
            int phnum = Short.toUnsignedInt(h.getShort(56));
            ByteBuffer ph = ByteBuffer.allocate(phentsize * phnum).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(ph, phoff);
            for (int i = 0; i < phnum; i++) if (ph.getInt(i * phentsize) == PT_INTERP) return false;
            return true;
        }
    }
}
