package glxc.cli;

import glxc.runtime.api.HostCheck;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "checkconfig", description = "Show what the kernel and host offer glxc (like lxc-checkconfig); exit 1 if something needed is missing.")
final class CheckconfigCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        String section = null;
        boolean allOk = true;
        for (HostCheck.Item i : HostCheck.run()) {
            if (!i.section().equals(section)) {
                System.out.println((section == null ? "" : "\n") + "--- " + i.section() + " ---");
                section = i.section();
            }
            allOk &= i.ok() || i.section().equals("Filesystems");
            String status = i.section().equals("Kernel") || i.name().equals("Layout") ? i.detail() : i.ok() ? "enabled" : "missing";
            String detail = i.section().equals("Kernel") || i.name().equals("Layout") || i.detail().isEmpty() ? "" : "  (" + i.detail() + ")";
            System.out.println(i.name() + ": " + status + detail);
        }
        return allOk ? 0 : 1;
    }
}
