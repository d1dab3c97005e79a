package glxc.cli;

import glxc.runtime.api.HostCheck;

import java.util.List;

final class CheckconfigVerb extends Verb {
    String name() { return "checkconfig"; }
    String summary() { return "show what the kernel and host offer glxc, with the cgroup layout (lxc-checkconfig)"; }

    List<Option> options() {
        return List.of();
    }

    int run(Arguments a) {
        String section = null;
        boolean allOk = true;
        for (HostCheck.Item i : HostCheck.run()) {
            if (!i.section().equals(section)) {
                System.out.println((section == null ? "" : "\n") + "--- " + i.section() + " ---");
                section = i.section();
            }
            boolean plain = i.section().equals("Kernel") || i.name().equals("Layout");
            allOk &= i.ok() || i.section().equals("Filesystems");
            String status = plain ? i.detail() : i.ok() ? "enabled" : "missing";
            System.out.println(i.name() + ": " + status + (plain || i.detail().isEmpty() ? "" : "  (" + i.detail() + ")"));
        }
        return allOk ? 0 : 1;
    }
}
