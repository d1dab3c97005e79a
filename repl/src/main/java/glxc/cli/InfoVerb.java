package glxc.cli;

import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerInfo;

import java.util.List;

final class InfoVerb extends Verb {
    String name() { return "info"; }
    String summary() { return "show a container's state, PID, addresses and resource use (lxc-info)"; }

    List<Option> options() {
        return List.of(NAME, LXCPATH,
                Option.flag("-s,--state", "only the state"),
                Option.flag("-p,--pid", "only the PID"),
                Option.flag("-i,--ips", "only the IP addresses"),
                Option.flag("-S,--stats", "only the resource use"),
                Option.flag("-H,--no-humanize", "raw numbers"),
                Option.value("-c,--config", "KEY", "print a config key's value (repeatable)"));
    }

    int run(Arguments a) {
        Container c = existing(a);
        for (String key : a.values("config")) System.out.println(key + " = " + c.getConfigItem(key).orElse(""));
        boolean state = a.has("state"), pid = a.has("pid"), ips = a.has("ips"), stats = a.has("stats"), raw = a.has("no-humanize");
        boolean all = !state && !pid && !ips && !stats;
        if (all && a.has("config")) return 0;
        ContainerInfo i = c.info();
        if (all) line("Name:", i.name());
        if (all || state) line("State:", i.state().name());
        if ((all || pid) && i.pid() > 0) line("PID:", Integer.toString(i.pid()));
        if (all || ips) {
            for (String addr : i.ipv4()) line("IP:", addr);
            for (String addr : i.ipv6()) line("IP:", addr);
        }
        if (all || stats) {
            var u = i.use();
            if (u.cpuNanos().isPresent()) line("CPU use:", Units.seconds(u.cpuNanos().getAsLong(), raw));
            if (u.blkioBytes().isPresent()) line("BlkIO use:", Units.bytes(u.blkioBytes().getAsLong(), raw));
            if (u.memoryBytes().isPresent()) line("Memory use:", Units.bytes(u.memoryBytes().getAsLong(), raw));
            if (u.memoryLimit().isPresent()) line("Memory limit:", Units.bytes(u.memoryLimit().getAsLong(), raw));
            if (u.kmemBytes().isPresent()) line("KMem use:", Units.bytes(u.kmemBytes().getAsLong(), raw));
            if (u.pids().isPresent()) line("Processes:", Long.toString(u.pids().getAsLong()));
            if (u.oomKills().isPresent() && u.oomKills().getAsLong() > 0) line("OOM kills:", Long.toString(u.oomKills().getAsLong()));
            for (ContainerInfo.LinkStats l : i.links()) {   // lxc-info's block, counted from inside the container
                line("Link:", l.name());
                line(" TX bytes:", Units.bytes(l.txBytes(), raw));
                line(" RX bytes:", Units.bytes(l.rxBytes(), raw));
                line(" Total bytes:", Units.bytes(l.txBytes() + l.rxBytes(), raw));
            }
        }
        if (all && i.lastExitStatus() != null) line("Exit status:", i.lastExitStatus().toString());
        if (all) line("Config:", i.configPath().toString());
        if (all) line("Storage:", i.backend());
        if (all && i.snapshotCount() > 0) line("Snapshots:", Integer.toString(i.snapshotCount()));
        return 0;
    }

    private static void line(String label, String value) {
        System.out.println(Units.pad(label, 16) + value);
    }
}
