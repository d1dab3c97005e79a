package glxc.dsl;

import glxc.runtime.api.GlxcException;

/** An error in a script, prefixed "file:line: " so it points at what the user wrote. */
public class DslException extends GlxcException {
    public DslException(String where, String message) {
        super(where + ": " + message);
    }
}
