package glxc.cli;

import glxc.runtime.api.ShimException;

import java.util.function.IntSupplier;

/** A command that could not be executed exits as a shell would: 127 when not found, 126 when not runnable. */
final class ExitCodes {
    private ExitCodes() {}

    static int run(IntSupplier command) {
        try {
            return command.getAsInt();
        } catch (ShimException e) {
            if (!e.step().equals("exec")) throw e;
            System.err.println("glxc: " + e.getMessage());
            return e.shellStatus();
        }
    }
}
