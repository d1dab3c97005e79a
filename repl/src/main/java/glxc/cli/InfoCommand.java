package glxc.cli;

import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "info", description = "Show a container's state, PID, addresses and resource use (like lxc-info).")
final class InfoCommand implements Callable<Integer> {
    @Mixin StoreOptions store;

    @Option(names = {"-s", "--state"}, description = "only the state") boolean state;
    @Option(names = {"-p", "--pid"}, description = "only the PID") boolean pid;
    @Option(names = {"-i", "--ips"}, description = "only the IP addresses") boolean ips;
    @Option(names = {"-S", "--stats"}, description = "only the resource use") boolean stats;
    @Option(names = {"-H", "--no-humanize"}, description = "raw numbers") boolean raw;
    @Option(names = {"-c", "--config"}, paramLabel = "KEY", description = "print a config key's value") List<String> keys = new ArrayList<>();

    @Parameters(arity = "0..1", paramLabel = "NAME") String positional;

    @Override
    public Integer call() {
        Container c = store.existing(positional);
        for (String key : keys) System.out.println(key + " = " + c.getConfigItem(key).orElse(""));
        if (!keys.isEmpty() && !state && !pid && !ips && !stats) return 0;
        ContainerInfo i = c.info();
        boolean all = !state && !pid && !ips && !stats;
        if (all) line("Name:", i.name());
        if (all || state) line("State:", i.state().name());
        if ((all || pid) && i.pid() > 0) line("PID:", Integer.toString(i.pid()));
        if (all || ips) {
            for (String a : i.ipv4()) line("IP:", a);
            for (String a : i.ipv6()) line("IP:", a);
        }
        if (all || stats) {
            i.cpuNanos().ifPresent(n -> line("CPU use:", Units.seconds(n, raw)));
            i.memoryBytes().ifPresent(n -> line("Memory use:", Units.bytes(n, raw)));
            i.pids().ifPresent(n -> line("Processes:", Long.toString(n)));
        }
        if (all && i.lastExitStatus() != null) line("Exit status:", i.lastExitStatus().toString());
        if (all) line("Config:", i.configPath().toString());
        return 0;
    }

    private static void line(String label, String value) {
        System.out.printf("%-16s%s%n", label, value);
    }
}
