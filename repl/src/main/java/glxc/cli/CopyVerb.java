package glxc.cli;

import glxc.runtime.api.AttachOptions;
import glxc.runtime.api.CloneOptions;
import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerState;
import glxc.runtime.api.LaunchOptions;
import glxc.runtime.api.StopOptions;
import glxc.runtime.api.Store;

import java.util.List;
import java.util.UUID;

final class CopyVerb extends Verb {
    String name() { return "copy"; }
    String summary() { return "copy a container: full (-B dir), overlay snapshot clone (-s), ephemeral (-e), or rename (-R) (lxc-copy)"; }
    String operands() { return "[-- COMMAND...]   (with -e: run it inside, then stop)"; }

    List<Option> options() {
        return List.of(NAME, LXCPATH,
                Option.value("-N,--newname", "NEWNAME", "the copy's name (with -e: default NAME-XXXXXX)"),
                Option.value("-p,--newpath", "PATH", "the store to copy into (default: the same)"),
                Option.flag("-s,--snapshot", "an overlay clone sharing the original's rootfs read-only"),
                Option.flag("-a,--allowrunning", "copy even if the original runs (its files may change during the copy)"),
                Option.flag("-e,--ephemeral", "an overlay clone started at once and destroyed when it stops"),
                Option.flag("-d,--daemon", "with -e: start it in the background (the default)"),
                Option.flag("-F,--foreground", "with -e: start it on this console and wait for it"),
                Option.flag("-D,--keepdata", "with -e: keep the clone after it stops"),
                Option.value("-B,--backingstorage", "TYPE", "dir (a full copy) or overlay (with -s)"),
                Option.flag("-K,--keepname", "keep the original's hostname"),
                Option.flag("-M,--keepmac", "keep the original's MAC addresses"),
                Option.flag("-R,--rename", "rename the container to NEWNAME"));
    }

    int run(Arguments a) {
        Container c = existing(a);
        if (a.has("rename")) {
            c.rename(required(a));
            return 0;
        }
        Store target = a.value("newpath") == null ? null : Store.open(a.value("newpath"));
        if (target != null) target.addListener(Main::render);
        boolean ephemeral = a.has("ephemeral");
        CloneOptions o = new CloneOptions(a.has("snapshot") || ephemeral, a.value("backingstorage"), a.has("keepname"), a.has("keepmac"),
                a.has("allowrunning"), ephemeral && !a.has("keepdata"));
        String newName = a.value("newname") != null ? a.value("newname")
                : ephemeral ? c.name() + "-" + UUID.randomUUID().toString().substring(0, 6) : required(a);
        Container copy = c.copy(newName, target, o);
        if (!ephemeral) return 0;
        return startEphemeral(copy, a);
    }

    private int startEphemeral(Container copy, Arguments a) {
        try {
            if (a.has("foreground") && !a.has("daemon")) return SignalForwarding.waitFor(copy.startForeground(LaunchOptions.defaults()));
            copy.start(LaunchOptions.defaults());
        } catch (RuntimeException e) {
            if (copy.exists() && copy.state() == ContainerState.STOPPED) copy.destroy(true);
            throw e;
        }
        if (a.trailing().isEmpty()) {
            System.out.println("Created and started " + (a.has("keepdata") ? "" : "ephemeral ") + "container " + copy.name());
            return 0;
        }
        try {
            return ExitCodes.run(() -> SignalForwarding.waitFor(copy.attach(AttachOptions.of(a.trailing().toArray(String[]::new)))));
        } finally {
            if (copy.exists() && copy.state() != ContainerState.STOPPED) copy.stop(StopOptions.clean());
        }
    }

    private String required(Arguments a) {
        if (a.value("newname") == null) throw new UsageException("no new name given (glxc copy -n NAME -N NEWNAME)");
        return a.value("newname");
    }
}
