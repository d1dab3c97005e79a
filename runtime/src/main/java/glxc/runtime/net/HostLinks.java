package glxc.runtime.net;

import glxc.runtime.api.GlxcException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The record of what a running container took from the host: its veth ends ("veth NAME") and the
 * devices lxc.net.N.type = phys moved in ("phys NAME-INSIDE HOST-NAME"). The kernel removes veth ends
 * when the container's namespace goes, but a moment later and from a work queue; glxc stop deletes them
 * itself so they are gone when it returns (and a fixed veth.pair can be reused at once), and it moves
 * phys devices back before the namespace goes (the kernel would destroy a virtual one and send a
 * physical one to the initial namespace, not to where it came from).
 */
public final class HostLinks {
    private HostLinks() {}

    public static void write(Path file, List<String> veths, List<String[]> phys) {
        List<String> lines = new ArrayList<>();
        for (String v : veths) lines.add("veth " + v);
        for (String[] p : phys) lines.add("phys " + p[0] + " " + p[1]);
        try {
            if (lines.isEmpty()) Files.deleteIfExists(file);
            else Files.writeString(file, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new GlxcException("cannot record the host interfaces in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Records one more phys device moved in while the container runs (glxc device add), so stop returns it too. */
    public static synchronized void addPhys(Path file, String inside, String hostName) {
        try {
            Files.writeString(file, "phys " + inside + " " + hostName + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new GlxcException("cannot record " + hostName + " in " + file + ": " + e.getMessage(), e);
        }
    }

    /** The host name recorded for a phys device inside, if any; the record goes (glxc device del). */
    public static synchronized Optional<String> forgetPhys(Path file, String inside) {
        Optional<String> host = read(file, "phys").stream().filter(w -> w[1].equals(inside)).map(w -> w[2]).findFirst();
        if (host.isEmpty()) return host;
        try {
            List<String> kept = Files.readAllLines(file).stream().filter(l -> !l.trim().matches("phys\\s+" + Pattern.quote(inside) + "\\s+.*")).toList();
            Files.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
        } catch (IOException e) {
            throw new GlxcException("cannot update " + file + ": " + e.getMessage(), e);
        }
        return host;
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

    public static boolean hasPhys(Path file) {
        return !read(file, "phys").isEmpty();
    }

    /** Moves the phys devices in containerNs back to the calling thread's namespace, under their host names. */
    public static void returnPhys(Path file, NetNamespace containerNs) {
        try (Rtnetlink inside = Rtnetlink.in(containerNs); NetNamespace host = NetNamespace.current()) {
            for (String[] p : read(file, "phys")) inside.link(p[1]).ifPresent(l -> inside.moveTo(l.index(), host, p[2]));
        }
    }

    /** Deletes these veth ends if they still exist, and the record if it is still theirs. */
    public static void removeOwn(Path file, List<String> veths) {
        try (Rtnetlink host = Rtnetlink.here()) {
            for (String v : veths) host.deleteIfPresent(v);
        }
        List<String> recorded = read(file, "veth").stream().map(w -> w[1]).toList();
        if (!recorded.isEmpty() && veths.containsAll(recorded)) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new GlxcException("cannot remove " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Deletes the recorded veth ends that still exist, then the record. Call only once the container is stopped. */
    public static void remove(Path file) {
        List<String[]> veths = read(file, "veth");
        if (!veths.isEmpty()) {
            try (Rtnetlink host = Rtnetlink.here()) {
                for (String[] v : veths) host.deleteIfPresent(v[1]);
            }
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new GlxcException("cannot remove " + file + ": " + e.getMessage(), e);
        }
    }
}
