package glxc.runtime.kernel;

import glxc.runtime.api.GlxcException;

/** A failed kernel call: the operation, the object it touched and the errno. */
public class KernelException extends GlxcException {
    private final String op;
    private final String path;
    private final int errno;

    public KernelException(String op, String path, int errno) {
        super(op + (path == null ? "" : " " + path) + ": " + Errno.describe(errno));
        this.op = op;
        this.path = path;
        this.errno = errno;
    }

    public String op() { return op; }
    public String path() { return path; }
    public int errno() { return errno; }
}
