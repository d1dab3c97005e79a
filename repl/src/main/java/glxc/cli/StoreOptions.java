package glxc.cli;

import glxc.runtime.api.Container;
import glxc.runtime.api.GlxcException;
import glxc.runtime.api.Store;
import picocli.CommandLine.Option;

/** -P/--lxcpath and -n/--name, shared by every verb as LXC's tools share them. */
final class StoreOptions {
    @Option(names = {"-P", "--lxcpath"}, paramLabel = "PATH", description = "the store (default $GLXC_PATH or /var/lib/glxc)")
    String lxcpath;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "the container")
    String name;

    Store store() {
        Store store = Store.open(lxcpath);
        store.addListener(Main::render);
        return store;
    }

    String name(String positional) {
        String n = name != null ? name : positional;
        if (n == null) throw new GlxcException("no container name given (use -n NAME)");
        return n;
    }

    Container existing(String positional) {
        return store().existing(name(positional));
    }
}
