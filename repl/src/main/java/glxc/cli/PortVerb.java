package glxc.cli;

import glxc.runtime.api.Container;
import glxc.runtime.net.PortForward;

import java.util.List;

/** glxc port -n NAME add|del|ls: forward host ports to a container, like docker -p, kept as glxc.port keys. */
final class PortVerb extends Verb {
    String name() { return "port"; }
    String summary() { return "forward host ports to a container: add|del [HOSTIP:]HOSTPORT:PORT[/tcp|udp], ls (like docker -p)"; }
    String operands() { return "add|del [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp] | ls"; }

    List<Option> options() {
        return List.of(NAME, LXCPATH);
    }

    @Override
    String containerName(Arguments a) {
        return nameOptionOnly(a);
    }

    int run(Arguments a) {
        List<String> words = a.positional();
        Container c = existing(a);
        String command = words.isEmpty() ? "ls" : words.get(0);
        switch (command) {
            case "add", "del", "rm" -> {
                if (words.size() != 2) throw new UsageException("glxc port -n NAME " + command + " [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp]");
                if (command.equals("add")) c.addPort(words.get(1));
                else c.removePort(words.get(1));
            }
            case "ls", "list" -> {
                for (PortForward p : c.ports()) System.out.println(p);
            }
            default -> throw new UsageException("glxc port -n NAME " + operands());
        }
        return 0;
    }
}
