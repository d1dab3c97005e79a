package glxc.runtime.template;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.io.File;

/**
 * An executable template run with LXC's convention: --path=DIR --name=NAME --rootfs=ROOTFS, then the
 * options given after "--". LXC's own template scripts run unchanged.
 */
public final class ScriptTemplate implements Template {
    private final Path executable;

    public Path executable() {
        return executable;
    }

    public ScriptTemplate(Path executable) {
        this.executable = executable;
    }

    @Override
    public String name() {
        return executable.toString();
    }

    @Override
    public String description() {
        return "LXC-style template script " + executable;
    }

    @Override
    public void build(TemplateContext ctx) {
        if (!Files.isExecutable(executable))
            throw new TemplateException(ctx.name(), name(), executable + " is not executable");
        List<String> cmd = new ArrayList<>(List.of(executable.toString(), "--path=" + ctx.containerDir(),
                "--name=" + ctx.name(), "--rootfs=" + ctx.rootfs()));
        cmd.addAll(ctx.args());
        Deque<String> tail = new ArrayDeque<>();
        int status;
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().merge("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", (a, b) -> a + ":" + b);
            Process p = pb.start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    ctx.say(line);
                    tail.addLast(line);
                    if (tail.size() > 5) tail.removeFirst();
                }
            }
            status = p.waitFor();
        } catch (IOException e) {
            throw new TemplateException(ctx.name(), name(), "cannot run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemplateException(ctx.name(), name(), "interrupted");
        }
        if (status != 0)
            throw new TemplateException(ctx.name(), name(), "failed with exit status " + status
                    + (tail.isEmpty() ? "" : "; its last output:\n  " + String.join("\n  ", tail)));
    }
}
