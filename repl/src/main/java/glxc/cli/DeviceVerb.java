package glxc.cli;

import glxc.runtime.api.Container;

import java.util.List;

/** glxc device -n NAME add|del DEVICE [NAME-INSIDE]: a device node or network interface into a running container (lxc-device). */
final class DeviceVerb extends Verb {
    String name() { return "device"; }
    String summary() { return "add a host device (/dev/...) or network interface to a running container, or del it (lxc-device)"; }
    String operands() { return "add|del DEVICE [NAME-INSIDE]"; }

    List<Option> options() {
        return List.of(NAME, LXCPATH);
    }

    @Override
    String containerName(Arguments a) {
        return nameOptionOnly(a);
    }

    int run(Arguments a) {
        List<String> w = a.positional();
        if (w.size() < 2 || w.size() > 3 || !(w.get(0).equals("add") || w.get(0).equals("del")))
            throw new UsageException("glxc device -n NAME " + operands());
        Container c = existing(a);
        if (w.get(0).equals("add")) c.addDevice(w.get(1), w.size() == 3 ? w.get(2) : null);
        else c.removeDevice(w.get(1));
        return 0;
    }
}
