package glxc.runtime.kernel;

import com.sun.jna.LastErrorException;

import java.nio.file.Path;

/** chmod with the full mode (sticky, setuid), which java.nio's permission sets cannot express. */
public final class FileModes {
    private FileModes() {}

    public static void chmod(Path path, int mode) {
        try {
            Libc.chmod(path.toString(), mode);
        } catch (LastErrorException e) {
            throw new KernelException("chmod", path.toString(), e.getErrorCode());
        }
    }
}
