package glxc.runtime.net;

import glxc.runtime.api.GlxcException;
import glxc.runtime.kernel.Processes;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real programs networking relies on (dnsmasq, nft): found on the usual paths, or a clear error naming the package. */
final class HostPrograms {
    /** Where programs are looked for; the glxc.program.path property (colon-separated) replaces it, for packagers and tests. */
    private static List<String> dirs() {
        String configured = System.getProperty("glxc.program.path");
        return configured != null ? List.of(configured.split(":")) : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin");
    }

    private HostPrograms() {}

    static Path find(String program, String debianPackage, String purpose) {
        for (String d : dirs()) {
            Path p = Path.of(d, program);
            if (Files.isExecutable(p)) return p;
        }
        throw new GlxcException(program + " is not installed, and " + purpose + " needs it: install the " + debianPackage + " package (apt-get install " + debianPackage + ")");
    }

    record Result(int exit, String out, String err) {}

    /** Runs a program to completion (from the calling thread, so in its network namespace), input on stdin. */
    static Result run(List<String> command, String input) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().clear();
            pb.environment().put("PATH", String.join(":", dirs()));
            Path errFile = Files.createTempFile("glxc-", ".err");
            Path outFile = Files.createTempFile("glxc-", ".out");   // files, not pipes: a daemon may keep its stdio
            try {
                pb.redirectError(errFile.toFile()).redirectOutput(outFile.toFile());
                pb.redirectInput(input == null ? ProcessBuilder.Redirect.from(new File("/dev/null")) : ProcessBuilder.Redirect.PIPE);
                Process p = pb.start();
                if (input != null) {
                    try (var in = p.getOutputStream()) {
                        in.write(input.getBytes(StandardCharsets.UTF_8));
                    }
                }
                int code = Processes.waitUninterruptibly(p);
                return new Result(code, Files.readString(outFile), Files.readString(errFile).trim());
            } finally {
                Files.deleteIfExists(errFile);
                Files.deleteIfExists(outFile);
            }
        } catch (IOException e) {
            throw new GlxcException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
    }


    static List<String> command(Path program, String... args) {
        List<String> out = new ArrayList<>();
        out.add(program.toString());
        out.addAll(List.of(args));
        return out;
    }
}
