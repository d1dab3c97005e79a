package glxc.runtime.api;

import java.nio.file.Path;
import java.util.List;
import java.io.File;

/**
 * How to start or execute a container: a config file used instead of the container's own (-f),
 * KEY=VALUE overrides (-s), the command (execute; start uses lxc.init.cmd when empty), and the stdio
 * the container or command gets (inherited by default).
 */
public record LaunchOptions(Path configFile, List<String> overrides, List<String> command,
                            ProcessBuilder.Redirect stdin, ProcessBuilder.Redirect stdout, ProcessBuilder.Redirect stderr) {
    public LaunchOptions {
        overrides = List.copyOf(overrides);
        command = List.copyOf(command);
    }

    public static LaunchOptions defaults() {
        return new LaunchOptions(null, List.of(), List.of(), ProcessBuilder.Redirect.INHERIT,
                ProcessBuilder.Redirect.INHERIT, ProcessBuilder.Redirect.INHERIT);
    }

    public static LaunchOptions of(String... command) {
        return defaults().withCommand(List.of(command));
    }

    public LaunchOptions withCommand(List<String> cmd) {
        return new LaunchOptions(configFile, overrides, cmd, stdin, stdout, stderr);
    }

    public LaunchOptions withOverrides(List<String> defs) {
        return new LaunchOptions(configFile, defs, command, stdin, stdout, stderr);
    }

    public LaunchOptions withConfigFile(Path file) {
        return new LaunchOptions(file, overrides, command, stdin, stdout, stderr);
    }

    public LaunchOptions withStdio(ProcessBuilder.Redirect in, ProcessBuilder.Redirect out, ProcessBuilder.Redirect err) {
        return new LaunchOptions(configFile, overrides, command, in, out, err);
    }

    /** stdin from /dev/null, stdout and stderr to pipes the caller reads from the returned process. */
    public LaunchOptions piped() {
        return withStdio(ProcessBuilder.Redirect.from(new File("/dev/null")), ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.PIPE);
    }
}
