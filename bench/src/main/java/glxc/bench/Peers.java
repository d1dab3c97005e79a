package glxc.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs peer programs (LXC's tools, crun) and times them from process start to exit. */
final class Peers {
    private Peers() {}

    static double timeMillis(List<String> cmd) {
        long t0 = System.nanoTime();
        int code = run(cmd);
        double ms = (System.nanoTime() - t0) / 1e6;
        if (code != 0) throw new IllegalStateException("exit " + code + ": " + String.join(" ", cmd));
        return ms;
    }

    static int run(List<String> cmd) {
        try {
            return new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start().waitFor();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + e.getMessage(), e);
        }
    }

    static String output(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + e.getMessage(), e);
        }
    }

    static List<String> sh(String script) {
        return new ArrayList<>(List.of("/bin/sh", "-c", script));
    }

    static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")))
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        return -1;
    }
}
