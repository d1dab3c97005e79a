package glxc.cli;

import glxc.runtime.api.Autostart;
import glxc.runtime.api.GlxcException;
import glxc.runtime.api.StopOptions;
import glxc.runtime.api.Store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** glxc autostart: start (or -s stop, -k kill, -r reboot) the containers marked lxc.start.auto (lxc-autostart). */
final class AutostartVerb extends Verb {
    String name() { return "autostart"; }
    String summary() { return "start (-s stop, -k kill, -r reboot) containers with lxc.start.auto, by lxc.start.order and lxc.group (lxc-autostart)"; }

    List<Option> options() {
        return List.of(LXCPATH,
                Option.flag("-r,--reboot", "reboot them"),
                Option.flag("-s,--shutdown", "stop them cleanly (killed after -t)"),
                Option.flag("-k,--kill", "kill them"),
                Option.flag("-L,--list", "print what would be done (name and delay), do nothing"),
                Option.value("-t,--timeout", "SECONDS", "how long a clean stop or reboot may take (default 60)"),
                Option.value("-g,--groups", "GROUPS", "comma-separated groups (repeatable); default: containers with no lxc.group"),
                Option.flag("-a,--all", "every group"),
                Option.flag("-A,--ignore-auto", "also containers without lxc.start.auto = 1"),
                Option.flag("--install", "install glxc.service, a systemd unit that runs autostart at boot and -s at shutdown"),
                Option.flag("--uninstall", "remove glxc.service"),
                Option.value("--unit-dir", "DIR", "where the unit goes (default /etc/systemd/system)"));
    }

    @Override
    String containerName(Arguments a) {
        throw new UsageException("glxc autostart selects containers by lxc.start.auto and lxc.group (-g, -a)");
    }

    int run(Arguments a) {
        Path unitDir = Path.of(a.value("unit-dir") == null ? "/etc/systemd/system" : a.value("unit-dir"));
        if (a.has("install")) return SystemdUnit.install(unitDir, store(a).path());
        if (a.has("uninstall")) return SystemdUnit.uninstall(unitDir);
        Set<String> groups = new LinkedHashSet<>();
        for (String g : a.values("groups")) for (String one : g.split(",", -1)) groups.add(one.trim());   // "" is: no lxc.group
        Store store = store(a);
        List<Autostart.Entry> entries = Autostart.select(store, groups, a.has("all"), a.has("ignore-auto"));
        boolean stopping = a.has("shutdown") || a.has("kill") || a.has("reboot");
        if (a.has("list")) {
            List<Autostart.Entry> shown = new ArrayList<>(entries);
            if (stopping) Collections.reverse(shown);
            for (Autostart.Entry e : shown) System.out.println(e.container().name() + (stopping ? "" : " " + e.delay()));
            return 0;
        }
        int timeout = a.value("timeout") == null ? 60 : Integer.parseInt(a.value("timeout"));
        if (a.has("kill")) Autostart.stop(entries, StopOptions.killNow(), System.out::println);
        else if (a.has("reboot")) Autostart.stop(entries, StopOptions.reboot(timeout), System.out::println);
        else if (a.has("shutdown")) Autostart.stop(entries, StopOptions.timeout(timeout), System.out::println);
        else Autostart.start(entries, System.out::println);
        return 0;
    }

    /** The systemd unit: written (and enabled where systemctl exists) only on request. */
    static final class SystemdUnit {
        private SystemdUnit() {}

        static int install(Path dir, Path store) {
            Path glxc = Path.of(System.getProperty("glxc.launcher", "/usr/local/bin/glxc"));
            String unit = "[Unit]\nDescription=glxc containers marked lxc.start.auto\nAfter=network-online.target\nWants=network-online.target\n\n"
                    + "[Service]\nType=oneshot\nRemainAfterExit=yes\nEnvironment=GLXC_PATH=" + store + "\n"
                    + "Environment=GLXC_JAVA=" + Path.of(System.getProperty("java.home"), "bin", "java") + "\n"
                    + "ExecStart=" + glxc + " autostart\nExecStop=" + glxc + " autostart -s -t 60\n\n[Install]\nWantedBy=multi-user.target\n";
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("glxc.service"), unit);
            } catch (IOException e) {
                throw new GlxcException("cannot write " + dir.resolve("glxc.service") + ": " + e.getMessage(), e);
            }
            System.out.println("wrote " + dir.resolve("glxc.service") + " (enable it with: systemctl daemon-reload && systemctl enable glxc.service)");
            return 0;
        }

        static int uninstall(Path dir) {
            try {
                boolean gone = Files.deleteIfExists(dir.resolve("glxc.service"));
                System.out.println(gone ? "removed " + dir.resolve("glxc.service") : "no glxc.service in " + dir);
            } catch (IOException e) {
                throw new GlxcException("cannot remove " + dir.resolve("glxc.service") + ": " + e.getMessage(), e);
            }
            return 0;
        }
    }
}
