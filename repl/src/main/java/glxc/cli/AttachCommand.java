package glxc.cli;

import glxc.runtime.api.AttachOptions;
import glxc.runtime.api.Container;
import glxc.runtime.kernel.Namespace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "attach", description = "Run a command inside a running container (like lxc-attach); default /bin/sh.")
final class AttachCommand implements Callable<Integer> {
    @Mixin StoreOptions store;

    @Option(names = "--clear-env", description = "start from an empty environment")
    boolean clearEnv;

    @Option(names = "--keep-env", description = "keep the caller's environment (the default)")
    boolean keepEnv;

    @Option(names = {"-v", "--set-var"}, paramLabel = "VAR=VALUE", description = "set an environment variable")
    List<String> setVars = new ArrayList<>();

    @Option(names = "--keep-var", paramLabel = "VAR", description = "with --clear-env, keep this variable")
    List<String> keepVars = new ArrayList<>();

    @Option(names = {"-s", "--namespaces"}, paramLabel = "NS[|NS]", description = "join only these: MOUNT, PID, UTSNAME, IPC, NETWORK, CGROUP, USER")
    String namespaces;

    @Option(names = {"-u", "--uid"}, paramLabel = "UID", description = "run as this uid")
    Integer uid;

    @Option(names = {"-g", "--gid"}, paramLabel = "GID", description = "run as this gid")
    Integer gid;

    @Parameters(paramLabel = "COMMAND", description = "the command and its arguments, after --")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        Container c = store.existing(null);
        Set<Namespace> ns = null;
        if (namespaces != null) {
            ns = EnumSet.noneOf(Namespace.class);
            for (String n : namespaces.split("\\|")) ns.add(Namespace.parse(n));
        }
        AttachOptions base = AttachOptions.command(command.toArray(String[]::new));
        AttachOptions o = new AttachOptions(command, ns, clearEnv && !keepEnv, setVars, keepVars, uid, gid, null,
                base.stdin(), base.stdout(), base.stderr());
        return ExitCodes.run(() -> SignalForwarding.waitFor(c.attach(o)));
    }
}
