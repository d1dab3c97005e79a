package glxc.runtime.build;

import glxc.runtime.api.GlxcException;

/** A build that stopped: the image, the step's file:line and what went wrong (a failing run's status and last lines). */
public class BuildException extends GlxcException {
    public BuildException(String image, String where, String message) {
        super("image '" + image + "': " + where + ": " + message);
    }
}
