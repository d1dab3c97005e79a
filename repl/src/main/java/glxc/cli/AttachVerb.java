package glxc.cli;

import glxc.runtime.api.AttachOptions;
import glxc.runtime.api.Container;
import glxc.runtime.api.Namespace;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

final class AttachVerb extends Verb {
    String name() { return "attach"; }
    String summary() { return "run a command inside a running container, /bin/sh by default (lxc-attach)"; }
    String operands() { return "[-- COMMAND...]"; }

    List<Option> options() {
        return List.of(NAME, LXCPATH,
                Option.flag("--clear-env", "start from an empty environment"),
                Option.flag("--keep-env", "keep the caller's environment (the default)"),
                Option.value("-v,--set-var", "VAR=VALUE", "set an environment variable (repeatable)"),
                Option.value("--keep-var", "VAR", "with --clear-env, keep this variable (repeatable)"),
                Option.value("-s,--namespaces", "NS[|NS]", "join only these: MOUNT, PID, UTSNAME, IPC, NETWORK, CGROUP, USER"),
                Option.value("-u,--uid", "UID", "run as this uid"),
                Option.value("-g,--gid", "GID", "run as this gid"),
                Option.flag("--escape", "on a terminal, Ctrl-] (or ~. at the start of a line) ends the session (the REPL's :shell)"));
    }

    @Override
    String containerName(Arguments a) {
        return nameOptionOnly(a);   // the words after the options are the command, not a name
    }

    int run(Arguments a) {
        Container c = existing(a);
        Set<Namespace> ns = null;
        if (a.value("namespaces") != null) {
            ns = EnumSet.noneOf(Namespace.class);
            for (String n : a.value("namespaces").split("\\|")) ns.add(Namespace.parse(n));
        }
        Integer uid = a.has("uid") ? a.intValue("uid", 0) : null;
        Integer gid = a.has("gid") ? a.intValue("gid", 0) : null;
        AttachOptions inherit = AttachOptions.of();
        AttachOptions o = new AttachOptions(a.command(), ns, a.has("clear-env") && !a.has("keep-env"), a.values("set-var"),
                a.values("keep-var"), uid, gid, null, inherit.stdin(), inherit.stdout(), inherit.stderr()).withEscape(a.has("escape") ? 0x1d : 0);
        return ExitCodes.run(() -> SignalForwarding.waitFor(c.attach(o)));
    }
}
