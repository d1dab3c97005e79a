package glxc.dsl;

import groovy.lang.GroovyClassLoader;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.tools.GroovyClass;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compiled scripts, kept as Gradle keeps compiled build scripts: Groovy's parser costs a few hundred
 * milliseconds on a cold command line, its bytecode nothing to load. The classes of a script are stored
 * under the digest of its text, its class name and this build of glxc's DSL, in
 * $XDG_CACHE_HOME/glxc/scripts (~/.cache/glxc/scripts), a folder only its owner can write. The script
 * still runs every time: only the compilation is skipped, so what it computes (a loop, an environment
 * variable) is as fresh as ever. A file that cannot be read or written is simply compiled again.
 */
final class CompiledScripts {
    private CompiledScripts() {}

    /** The script's class, from the cache or compiled now (errors are the compiler's, as without a cache). */
    static Class<?> load(String name, String text) {
        Path file = cacheFile(name, text);
        Map<String, byte[]> classes = file == null ? null : read(file);
        if (classes != null) {
            try {
                return define(classes, name.replaceFirst("\\.groovy$", ""));
            } catch (LinkageError | IllegalStateException e) {
                // a damaged entry: compiled again below, and replaced
            }
        }
        classes = compile(name, text);
        if (file != null) write(file, classes);
        return define(classes, name.replaceFirst("\\.groovy$", ""));
    }

    private static Map<String, byte[]> compile(String name, String text) {
        GroovyClassLoader loader = new GroovyClassLoader(ScriptLoader.class.getClassLoader(), ScriptLoader.compilerConfiguration());
        CompilationUnit unit = new CompilationUnit(ScriptLoader.compilerConfiguration(), null, loader);
        unit.addSource(name, text);
        unit.compile(Phases.CLASS_GENERATION);
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (GroovyClass c : unit.getClasses()) out.put(c.getName(), c.getBytes());
        return out;
    }

    private static Class<?> define(Map<String, byte[]> classes, String main) {
        ClassLoader loader = new ClassLoader(ScriptLoader.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String n) throws ClassNotFoundException {
                byte[] b = classes.get(n);
                if (b == null) throw new ClassNotFoundException(n);
                return defineClass(n, b, 0, b.length);
            }
        };
        try {
            return loader.loadClass(main);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the compiled script has no class " + main, e);
        }
    }

    private static Path cacheFile(String name, String text) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {"glxc-script-1", dslIdentity(), name, text}) {
                byte[] b = part.getBytes(StandardCharsets.UTF_8);
                d.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
                d.update((byte) ':');
                d.update(b);
            }
            return folder().resolve(HexFormat.of().formatHex(d.digest()) + ".classes");
        } catch (NoSuchAlgorithmException e) {
            return null;
        }
    }

    private static volatile String identity;

    /** Which build of the DSL compiles: the digest of its jar's bytes (of every class file, from a classes folder) and the JVM. */
    private static String dslIdentity() {
        String id = identity;
        if (id != null) return id;
        try {
            Path p = Path.of(CompiledScripts.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            if (Files.isDirectory(p)) {
                try (var files = Files.walk(p)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        d.update(p.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                        d.update(Files.readAllBytes(f));
                    }
                }
            } else {
                d.update(Files.readAllBytes(p));
            }
            id = HexFormat.of().formatHex(d.digest()) + " " + System.getProperty("java.version");
        } catch (IOException | URISyntaxException | NoSuchAlgorithmException | RuntimeException e) {
            id = "unknown " + System.nanoTime();   // never reuse what cannot be told apart
        }
        identity = id;
        return id;
    }

    private static Path folder() {
        String cache = System.getenv("XDG_CACHE_HOME");
        return (cache != null && !cache.isEmpty() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache")).resolve("glxc").resolve("scripts");
    }

    /** Only a file and folder the caller owns and no one else can write, never through a link: their bytecode runs as the caller. */
    private static boolean trusted(Path p, boolean folder) {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            boolean type = folder ? (mode & 0170000) == 0040000 : (mode & 0170000) == 0100000;
            return type && (Integer) a.get("uid") == euid() && (mode & 0022) == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static int euid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            return -1;
        }
    }

    private static Map<String, byte[]> read(Path file) {
        if (!trusted(file.getParent(), true) || !trusted(file, false)) return null;
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS))) {
            int n = in.readInt();
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                out.put(name, b);
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void write(Path file, Map<String, byte[]> classes) {
        try {
            Path dir = file.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir.getParent());
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(classes.size());
                for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                    out.writeUTF(c.getKey());
                    out.writeInt(c.getValue().length);
                    out.write(c.getValue());
                }
            }
            if (!trusted(dir, true)) return;
            Path tmp = Files.createTempFile(dir, ".tmp-", ".classes");
            try {
                Files.write(tmp, bytes.toByteArray());
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            // no cache this time: the script was compiled and runs all the same
        }
    }
}
