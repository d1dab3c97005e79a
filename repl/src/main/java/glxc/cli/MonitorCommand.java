package glxc.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.regex.Pattern;

@Command(name = "monitor", description = "Print the state changes of the containers whose names match (like lxc-monitor), until interrupted.")
final class MonitorCommand implements Callable<Integer> {
    @Option(names = {"-P", "--lxcpath"}, paramLabel = "PATH", description = "the store")
    String lxcpath;

    @Option(names = {"-n", "--name"}, paramLabel = "REGEX", description = "names to watch (default: all)")
    String regex = ".*";

    @Override
    public Integer call() {
        StoreOptions o = new StoreOptions();
        o.lxcpath = lxcpath;
        o.store().watch(Pattern.compile(regex), 50, () -> true, Main::render);
        return 0;
    }
}
