package glxc.runtime.store;

import glxc.runtime.kernel.Errno;
import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

/**
 * renameat2's two guarantees: RENAME_NOREPLACE (two glxc processes cannot both take a name) and
 * RENAME_EXCHANGE (two paths trade places in one step, so a crash leaves one or the other, never neither).
 */
public final class Renames {
    private static final int AT_FDCWD = -100, RENAME_NOREPLACE = 1, RENAME_EXCHANGE = 2, EEXIST = 17, ENOTEMPTY = 39;

    static {
        Native.register(Renames.class, "c");
    }

    private Renames() {}

    private static native int renameat2(int olddirfd, String oldpath, int newdirfd, String newpath, int flags) throws LastErrorException;

    public static void noReplace(Path from, Path to) throws IOException {
        try {
            renameat2(AT_FDCWD, from.toString(), AT_FDCWD, to.toString(), RENAME_NOREPLACE);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EEXIST || e.getErrorCode() == ENOTEMPTY) throw new FileAlreadyExistsException(to.toString());
            throw new IOException("rename " + from + " to " + to + ": " + Errno.describe(e.getErrorCode()));
        }
    }

    public static void exchange(Path a, Path b) throws IOException {
        try {
            renameat2(AT_FDCWD, a.toString(), AT_FDCWD, b.toString(), RENAME_EXCHANGE);
        } catch (LastErrorException e) {
            throw new IOException("exchange " + a + " and " + b + ": " + Errno.describe(e.getErrorCode()));
        }
    }
}
