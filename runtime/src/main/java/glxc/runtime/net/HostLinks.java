package glxc.runtime.net;

import glxc.runtime.api.GlxcException;
import glxc.runtime.kernel.Errno;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The record (glxc.net) of what a running container took from the host and was given: its veth ends
 * ("veth NAME INDEX"), devices moved in ("phys NAME-INSIDE HOST-NAME INDEX-INSIDE MAC") and the addresses
 * glxc gave it ("addr ADDRESS"). Everything is matched by index (and MAC) as well as by name, because
 * names inside are the container's to change: only what glxc moved in goes back out, only what glxc made
 * is deleted, and forwards go to the address glxc assigned, not to one the container added.
 * The kernel removes veth ends when the namespace goes, but later and from a work queue; glxc stop
 * deletes them itself so they are gone when it returns (and a fixed veth.pair can be reused at once), and
 * it moves phys devices back before the namespace goes (the kernel would destroy a virtual one and send a
 * physical one to the initial namespace, not to where it came from).
 */
public final class HostLinks {
    public record Veth(String name, int index) {}

    public record Phys(String inside, String host, int index, String mac) {}

    private HostLinks() {}

    public static void write(Path file, List<Veth> veths, List<Phys> phys, List<Address> addresses) {
        List<String> lines = new ArrayList<>();
        for (Veth v : veths) lines.add("veth " + v.name() + " " + v.index());
        for (Phys p : phys) lines.add("phys " + p.inside() + " " + p.host() + " " + p.index() + " " + p.mac());
        for (Address a : addresses) lines.add("addr " + a.text());
        try {
            if (lines.isEmpty()) Files.deleteIfExists(file);
            else Files.writeString(file, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new GlxcException("cannot record the host interfaces in " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<String[]> read(Path file, String kind) {
        try {
            if (!Files.exists(file)) return List.of();
            List<String[]> out = new ArrayList<>();
            for (String l : Files.readAllLines(file)) {
                String[] w = l.trim().split("\\s+");
                if (w.length >= 2 && w[0].equals(kind)) out.add(w);
            }
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The addresses glxc gave the container at its start, in order. */
    public static List<String> addresses(Path file) {
        return read(file, "addr").stream().map(w -> w[1]).toList();
    }

    public static boolean hasPhys(Path file) {
        return !read(file, "phys").isEmpty();
    }

    private static List<Phys> phys(Path file) {
        return read(file, "phys").stream().filter(w -> w.length >= 5).map(w -> new Phys(w[1], w[2], Integer.parseInt(w[3]), w[4])).toList();
    }

    /** Records one more device moved in while the container runs (glxc device add), so stop returns it too. */
    public static synchronized void addPhys(Path file, Phys p) {
        try {
            Files.writeString(file, "phys " + p.inside() + " " + p.host() + " " + p.index() + " " + p.mac() + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new GlxcException("cannot record " + p.host() + " in " + file + ": " + e.getMessage(), e);
        }
    }

    /** The record of the device now named inside, if glxc moved it in; the record goes (glxc device del). */
    public static synchronized Optional<Phys> forgetPhys(Path file, String inside) {
        Optional<Phys> p = phys(file).stream().filter(x -> x.inside().equals(inside)).findFirst();
        if (p.isEmpty()) return p;
        try {
            List<String> kept = Files.readAllLines(file).stream().filter(l -> !l.trim().matches("phys\\s+" + Pattern.quote(inside) + "\\s+.*")).toList();
            Files.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
        } catch (IOException e) {
            throw new GlxcException("cannot update " + file + ": " + e.getMessage(), e);
        }
        return p;
    }

    /** The link inside that is the device glxc moved in (same index and MAC), or nothing (renamed, or an impostor). */
    public static Optional<Link> find(Rtnetlink inside, Phys p) {
        return inside.links().stream().filter(l -> l.index() == p.index() && l.mac().equalsIgnoreCase(p.mac())).findFirst();
    }

    /**
     * Moves the phys devices in containerNs back to the calling thread's namespace under their host names;
     * returns what could not be returned (each device is tried).
     */
    public static List<String> returnPhys(Path file, NetNamespace containerNs) {
        List<String> problems = new ArrayList<>();
        try (Rtnetlink inside = Rtnetlink.in(containerNs); NetNamespace host = NetNamespace.current()) {
            for (Phys p : phys(file)) {
                try {
                    Optional<Link> l = find(inside, p);
                    if (l.isPresent()) inside.moveTo(l.get().index(), host, p.host());
                    else problems.add(p.host() + " (index " + p.index() + ") is no longer in the container");
                } catch (RuntimeException e) {
                    problems.add(p.host() + ": " + e.getMessage());
                }
            }
        }
        return problems;
    }

    /** Deletes the recorded veth ends that still exist as recorded, then the record. Call only once the container is stopped. */
    public static void remove(Path file) {
        List<String[]> veths = read(file, "veth");
        if (!veths.isEmpty()) {
            try (Rtnetlink host = Rtnetlink.here()) {
                for (String[] v : veths) deleteIfSame(host, v[1], v.length > 2 ? Integer.parseInt(v[2]) : -1);
            }
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new GlxcException("cannot remove " + file + ": " + e.getMessage(), e);
        }
    }

    /** Deletes these veth ends if they are still the ones glxc made, and the record if it is still theirs. */
    public static void removeOwn(Path file, List<Veth> veths) {
        try (Rtnetlink host = Rtnetlink.here()) {
            for (Veth v : veths) deleteIfSame(host, v.name(), v.index());
        }
        List<String> recorded = read(file, "veth").stream().map(w -> w[1]).toList();
        if (!recorded.isEmpty() && veths.stream().map(Veth::name).toList().containsAll(recorded)) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new GlxcException("cannot remove " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** A fixed veth.pair name may belong to another container by now: only the very link glxc made goes. */
    private static void deleteIfSame(Rtnetlink host, String name, int index) {
        Optional<Link> l = host.link(name);
        if (l.isEmpty() || (index > 0 && l.get().index() != index) || !l.get().kind().equals("veth")) return;
        try {
            host.delete(l.get().index(), name);
        } catch (NetlinkException e) {
            if (e.errno() != Errno.ENODEV) throw e;   // gone meanwhile
        }
    }
}
