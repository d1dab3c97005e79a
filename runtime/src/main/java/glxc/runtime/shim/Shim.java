package glxc.runtime.shim;

import glxc.runtime.api.GlxcException;
import glxc.runtime.kernel.Processes;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.UUID;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Finds the shim binary and starts it. The binary is built by Maven into the runtime's classes; from a
 * jar it is extracted once to /run/glxc, named by its checksum, read-only. (The shim re-executes itself
 * from a sealed memfd before it joins a container, so this file is never reachable from inside.)
 */
public final class Shim {
    private static final String RESOURCE = "/glxc/glxc-shim";
    private static final FileAttribute<?> OWNER_ONLY = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static volatile Path located;

    private Shim() {}

    public static Path binary() {
        Path p = located;
        if (p == null) located = p = locate();
        return p;
    }

    private static Path locate() {
        String configured = System.getProperty("glxc.shim", System.getenv("GLXC_SHIM"));
        if (configured != null && !configured.isEmpty()) return requireExecutable(Path.of(configured));
        URL url = Shim.class.getResource(RESOURCE);
        if (url == null) throw new GlxcException("the glxc shim is missing from the runtime (" + RESOURCE + "): rebuild with 'mvn package' (needs gcc and libc6-dev)");
        try {
            if (url.getProtocol().equals("file")) return requireExecutable(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            throw new GlxcException("bad shim location " + url, e);
        }
        return extract(url);
    }

    private static Path extract(URL url) {
        try (InputStream in = url.openStream()) {
            byte[] bytes = in.readAllBytes();
            CRC32 crc = new CRC32();
            crc.update(bytes);
            Path dir = runDirectory();
            Path target = dir.resolve("glxc-shim-" + Long.toHexString(crc.getValue()));
            if (Files.isRegularFile(target) && Files.size(target) == bytes.length) return target;
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".glxc-shim", "");
            Files.write(tmp, bytes);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r-xr-xr-x"));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            removeOtherCopies(dir, target);
            return target;
        } catch (IOException e) {
            throw new GlxcException("cannot extract the glxc shim to " + runDirectory() + ": " + e.getMessage(), e);
        }
    }

    /** A one-off shim run's spec and report files, in the run directory (made if missing). */
    public record RunFiles(Path spec, Path report) {}

    public static RunFiles runFiles(String kind) {
        Path dir = runDirectory();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new GlxcException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        String id = kind + "-" + UUID.randomUUID();
        return new RunFiles(dir.resolve(id + ".spec"), dir.resolve(id + ".report"));
    }

    /** /run/glxc for root; a normal user's $XDG_RUNTIME_DIR/glxc, else ~/.cache/glxc. */
    public static Path runDirectory() {
        if (Processes.isRoot()) return Path.of("/run/glxc");
        String run = System.getenv("XDG_RUNTIME_DIR");
        return run != null && !run.isEmpty() ? Path.of(run, "glxc") : Path.of(System.getProperty("user.home"), ".cache", "glxc");
    }

    /**
     * Copies older builds left: a monitor still running from one keeps its file's inode, so removing the
     * name costs it nothing.
     */
    private static void removeOtherCopies(Path dir, Path keep) {
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("glxc-shim-") && !f.equals(keep)).toList())
                Files.deleteIfExists(f);
        } catch (IOException e) {
            // a copy left behind is harmless
        }
    }

    private static Path requireExecutable(Path p) {
        if (!Files.isExecutable(p)) throw new GlxcException("the glxc shim " + p + " is missing or not executable");
        return p;
    }

    /**
     * Writes the spec beside the container (the shim unlinks it) and starts the shim with the given stdio.
     * The shim writes reportFile only if something fails, even before it could read the spec.
     */
    public static Process launch(String mode, ShimSpec spec, Path specFile, Path reportFile, ProcessBuilder.Redirect in,
                                 ProcessBuilder.Redirect out, ProcessBuilder.Redirect err) {
        try {
            try (var file = Files.newByteChannel(specFile, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OWNER_ONLY)) {
                file.write(ByteBuffer.wrap(spec.text().getBytes(StandardCharsets.UTF_8)));
            }
            ProcessBuilder pb = new ProcessBuilder(List.of(binary().toString(), mode, specFile.toString(), reportFile.toString()));
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            pb.redirectInput(in).redirectOutput(out).redirectError(err);
            return pb.start();
        } catch (IOException e) {
            try {
                Files.deleteIfExists(specFile);
            } catch (IOException ignored) {
                // the launch error is the one to report
            }
            throw new GlxcException("cannot start the glxc shim " + binary() + ": " + e.getMessage(), e);
        }
    }
}
