package glxc.runtime.template;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** skopeo (package skopeo) copies a registry image into an OCI layout: glxc speaks no registry protocol itself yet. */
final class Skopeo {
    private Skopeo() {}

    static void copy(TemplateContext ctx, String from, String to, boolean insecure) {
        Path skopeo = Path.of("/usr/bin/skopeo");
        if (!Files.isExecutable(skopeo)) throw new TemplateException(ctx.name(), "oci", "a registry image needs skopeo: install the skopeo package");
        List<String> cmd = new ArrayList<>(List.of(skopeo.toString(), "copy", "--override-os", "linux", "--override-arch", "amd64"));
        if (insecure) cmd.add("--src-tls-verify=false");
        cmd.addAll(List.of(from, to));
        ctx.say("Running " + String.join(" ", cmd));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            List<String> tail = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    ctx.say(line);
                    tail.add(line);
                    if (tail.size() > 5) tail.remove(0);
                }
            }
            if (p.waitFor() != 0)
                throw new TemplateException(ctx.name(), "oci", "skopeo could not copy " + from + ":\n  " + String.join("\n  ", tail));
        } catch (IOException e) {
            throw new TemplateException(ctx.name(), "oci", "cannot run skopeo: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemplateException(ctx.name(), "oci", "interrupted");
        }
    }
}
