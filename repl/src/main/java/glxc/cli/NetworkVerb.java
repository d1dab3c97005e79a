package glxc.cli;

import glxc.runtime.api.GlxcException;
import glxc.runtime.net.ManagedNetwork;
import glxc.runtime.net.Networks;

import java.util.ArrayList;
import java.util.List;

/** glxc network create|delete|ls: bridges glxc manages, with NAT and DHCP+DNS as lxc-net sets up lxcbr0. */
final class NetworkVerb extends Verb {
    String name() { return "network"; }
    String summary() { return "create, delete or list managed bridges with optional NAT and DHCP+DNS (like lxc-net)"; }
    String operands() { return "create NAME --ipv4 ADDRESS/PREFIX [--nat] [--dhcp] | delete NAME [--force] | ls"; }

    List<Option> options() {
        return List.of(LXCPATH,
                Option.value("--ipv4", "ADDRESS/PREFIX", "the bridge's address; its subnet is the network (create)"),
                Option.flag("--nat", "masquerade the subnet's traffic to other networks (create; needs nft)"),
                Option.flag("--dhcp", "run dnsmasq: DHCP for containers without an address, DNS by container name (create)"),
                Option.flag("--force", "delete even while interfaces are attached (delete)"));
    }

    int run(Arguments a) {
        List<String> words = a.positional();
        if (words.isEmpty()) throw new UsageException("glxc network " + operands());
        Networks networks = store(a).networks();
        switch (words.get(0)) {
            case "create" -> {
                String name = operand(words, "create");
                if (a.value("ipv4") == null) throw new UsageException("glxc network create NAME --ipv4 ADDRESS/PREFIX [--nat] [--dhcp]");
                ManagedNetwork n = networks.create(name, a.value("ipv4"), a.has("nat"), a.has("dhcp"));
                System.out.println("network " + n.name() + " created: " + n.ipv4() + (n.nat() ? ", NAT" : "") + (n.dhcp() ? ", DHCP+DNS" : ""));
            }
            case "delete", "rm" -> networks.delete(operand(words, "delete"), a.has("force"));
            case "ls", "list" -> {
                List<List<String>> rows = new ArrayList<>();
                for (Networks.Status s : networks.status()) {
                    ManagedNetwork n = s.network();
                    rows.add(List.of(n.name(), n.ipv4().toString(), n.nat() ? "yes" : "no",
                            n.dhcp() ? (s.dnsmasqRunning() ? "yes" : "yes (dnsmasq down)") : "no",
                            s.bridgeUp() ? "UP" : "DOWN", Integer.toString(s.attached())));
                }
                Table.print(List.of("NAME", "IPV4", "NAT", "DHCP", "STATE", "ATTACHED"), rows);
            }
            default -> throw new GlxcException("unknown network command '" + words.get(0) + "' (create, delete, ls)");
        }
        return 0;
    }

    private static String operand(List<String> words, String command) {
        if (words.size() != 2) throw new UsageException("glxc network " + command + " NAME");
        return words.get(1);
    }

    @Override
    String containerName(Arguments a) {
        throw new UsageException("glxc network works on networks, not containers");
    }
}
