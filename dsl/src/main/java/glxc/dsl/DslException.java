package glxc.dsl;

import glxc.runtime.api.GlxcException;

/** An error in a script, prefixed "file:line: " (or "file:line:column: ") so it points at what the user wrote. */
public class DslException extends GlxcException {
    public DslException(String where, String message) {
        super(where + ": " + message);
    }

    /** Messages that carry their own locations (several compile errors). */
    public DslException(String messages) {
        super(messages);
    }
}
