package glxc.runtime.api;

/** Every error glxc reports to a user; subclasses carry the file, key, container or errno it concerns. */
public class GlxcException extends RuntimeException {
    public GlxcException(String message) {
        super(message);
    }

    public GlxcException(String message, Throwable cause) {
        super(message, cause);
    }
}
