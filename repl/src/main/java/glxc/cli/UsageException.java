package glxc.cli;

import glxc.runtime.api.GlxcException;

/** Bad command-line arguments: printed with a pointer to --help, exit status 1. */
final class UsageException extends GlxcException {
    UsageException(String message) {
        super(message);
    }
}
