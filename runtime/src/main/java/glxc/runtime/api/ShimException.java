package glxc.runtime.api;

import glxc.runtime.kernel.Errno;

/** A failure inside the shim between clone and exec, reported as the step that failed and its errno. */
public class ShimException extends GlxcException {
    private final String container;
    private final String step;
    private final int errno;

    public ShimException(String container, String step, int errno, String detail) {
        super("container '" + container + "': " + step + ": " + detail + (errno > 0 ? ": " + Errno.describe(errno) : ""));
        this.container = container;
        this.step = step;
        this.errno = errno;
    }

    /** The status a shell gives a command it could not run: 127 when it does not exist, 126 otherwise. */
    public int shellStatus() {
        return errno == Errno.ENOENT ? 127 : 126;
    }

    public String container() { return container; }
    public String step() { return step; }
    public int errno() { return errno; }
}
