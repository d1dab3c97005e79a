package glxc.runtime.api;


import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.io.File;

/**
 * How to run a command in a running container (lxc-attach): which namespaces to join (all by default),
 * whether to keep the caller's environment (LXC's default) or clear it, extra VAR=value settings,
 * uid/gid (null: the container's init uid/gid), and stdio.
 */
public record AttachOptions(List<String> command, Set<Namespace> namespaces, boolean clearEnv, List<String> setVars,
                            List<String> keepVars, Integer uid, Integer gid, String cwd,
                            ProcessBuilder.Redirect stdin, ProcessBuilder.Redirect stdout, ProcessBuilder.Redirect stderr,
                            int escape) {
    /** Without an escape key (escape is the byte that ends a terminal session early, e.g. 0x1d for Ctrl-]; 0 for none). */
    public AttachOptions(List<String> command, Set<Namespace> namespaces, boolean clearEnv, List<String> setVars,
                         List<String> keepVars, Integer uid, Integer gid, String cwd,
                         ProcessBuilder.Redirect stdin, ProcessBuilder.Redirect stdout, ProcessBuilder.Redirect stderr) {
        this(command, namespaces, clearEnv, setVars, keepVars, uid, gid, cwd, stdin, stdout, stderr, 0);
    }

    public AttachOptions {
        command = List.copyOf(command);
        namespaces = namespaces == null ? EnumSet.allOf(Namespace.class) : EnumSet.copyOf(namespaces);
        setVars = List.copyOf(setVars);
        keepVars = List.copyOf(keepVars);
    }

    public static AttachOptions of(String... command) {
        return new AttachOptions(List.of(command), null, false, List.of(), List.of(), null, null, null,
                ProcessBuilder.Redirect.INHERIT, ProcessBuilder.Redirect.INHERIT, ProcessBuilder.Redirect.INHERIT);
    }

    public AttachOptions piped() {
        return new AttachOptions(command, namespaces, clearEnv, setVars, keepVars, uid, gid, cwd,
                ProcessBuilder.Redirect.from(new File("/dev/null")), ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.PIPE, escape);
    }

    public AttachOptions withStdio(ProcessBuilder.Redirect in, ProcessBuilder.Redirect out, ProcessBuilder.Redirect err) {
        return new AttachOptions(command, namespaces, clearEnv, setVars, keepVars, uid, gid, cwd, in, out, err, escape);
    }

    /** With a terminal: this byte (or ~. at the start of a line) ends the session and returns, as ssh's ~. does. */
    public AttachOptions withEscape(int key) {
        return new AttachOptions(command, namespaces, clearEnv, setVars, keepVars, uid, gid, cwd, stdin, stdout, stderr, key);
    }
}
