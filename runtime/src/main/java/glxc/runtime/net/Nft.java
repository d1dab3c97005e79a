package glxc.runtime.net;

import glxc.runtime.api.GlxcException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * glxc's nftables table ("ip glxc"), through the nft program. Every rule carries a comment naming
 * what owns it (a network's NAT, a container's port forwards), so an owner's rules are replaced or
 * removed by handle without touching anyone else's; the table goes when its last rule does.
 * Nothing outside this table is ever read or changed.
 */
final class Nft {
    static final String TABLE = "glxc";
    private static final Pattern CHAIN = Pattern.compile("^\\s*chain (\\S+) \\{");
    private static final Pattern RULE = Pattern.compile("comment \"([^\"]*)\" # handle (\\d+)");
    private static final String SKELETON = "table ip glxc {\n"
            + "  chain postrouting { type nat hook postrouting priority srcnat; policy accept; }\n"
            + "  chain prerouting { type nat hook prerouting priority dstnat; policy accept; }\n"
            + "  chain output { type nat hook output priority -100; policy accept; }\n"
            + "}\n";

    private Nft() {}

    /** A rule for one of the table's chains: postrouting, prerouting or output. */
    record Rule(String chain, String text) {}

    /** Replaces the rules owned by owner with rules (none: the owner's rules are removed). */
    static synchronized void replace(String owner, List<Rule> rules) {
        Path nft = HostPrograms.find("nft", "nftables", "NAT and port forwarding");
        try (FileChannel ch = FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
            StringBuilder script = new StringBuilder();
            List<String> remaining = new ArrayList<>();
            String listing = list(nft);
            String chain = null;
            for (String line : listing.split("\n")) {
                Matcher c = CHAIN.matcher(line);
                if (c.find()) chain = c.group(1);
                Matcher r = RULE.matcher(line);
                if (!r.find()) continue;
                if (r.group(1).equals(owner)) script.append("delete rule ip glxc ").append(chain).append(" handle ").append(r.group(2)).append('\n');
                else remaining.add(r.group(1));
            }
            if (rules.isEmpty() && remaining.isEmpty()) {
                if (!listing.isEmpty()) apply(nft, "delete table ip glxc\n");
                return;
            }
            if (listing.isEmpty() || !rules.isEmpty()) script.insert(0, SKELETON);
            for (Rule r : rules)
                script.append("add rule ip glxc ").append(r.chain()).append(' ').append(r.text()).append(" comment \"").append(owner).append("\"\n");
            if (script.length() > 0) apply(nft, script.toString());
        } catch (IOException e) {
            throw new GlxcException("cannot lock /run/glxc/nft.lock: " + e.getMessage(), e);
        }
    }

    /** The owners that have rules now. */
    static List<String> owners() {
        Path nft = HostPrograms.find("nft", "nftables", "NAT and port forwarding");
        List<String> out = new ArrayList<>();
        Matcher m = RULE.matcher(list(nft));
        while (m.find()) if (!out.contains(m.group(1))) out.add(m.group(1));
        return out;
    }

    private static String list(Path nft) {
        HostPrograms.Result r = HostPrograms.run(HostPrograms.command(nft, "-a", "list", "table", "ip", TABLE), null);
        return r.exit() == 0 ? r.out() : "";
    }

    private static void apply(Path nft, String script) {
        HostPrograms.Result r = HostPrograms.run(HostPrograms.command(nft, "-f", "-"), script);
        if (r.exit() != 0) throw new GlxcException("nft refused glxc's rules: " + r.err());
    }

    private static Path lockFile() throws IOException {
        Path dir = Path.of("/run/glxc");
        Files.createDirectories(dir);
        return dir.resolve("nft.lock");
    }
}
