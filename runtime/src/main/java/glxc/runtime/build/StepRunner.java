package glxc.runtime.build;

import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerProcess;
import glxc.runtime.api.CreateOptions;
import glxc.runtime.api.LaunchOptions;
import glxc.runtime.api.Store;
import glxc.runtime.config.Words;
import glxc.runtime.storage.LayerStore;
import glxc.runtime.storage.RootfsSource;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A run or packages step: a build container (glxc-build-*, removed after, whatever happens) whose rootfs
 * is an overlay of the image's layers so far; its upper, whiteouts and all, becomes the step's layer.
 * The command runs with the image's env, workdir and user; its network is its own loopback unless the
 * step asks for the host's (packages always do). Cache mounts are bound from the store. Its output goes
 * to the caller line by line and to the step's log.
 */
final class StepRunner {
    private final Store store;
    private final String image;
    private final int index;
    private final Consumer<String> say;

    StepRunner(Store store, String image, int index, Consumer<String> say) {
        this.store = store;
        this.image = image;
        this.index = index;
        this.say = say;
    }

    void run(BuildStep step, List<LayerStore.Layer> below, ImageConfig config, List<String> caches, long sourceDateEpoch, Path tree) throws IOException {
        String command;
        String network;
        if (step instanceof BuildStep.Packages p) {
            String manager = PackageInstall.manager(below);
            if (manager == null) throw new BuildException(image, step.where(), "packages: the base has no apt-get, apk, dnf or yum");
            command = PackageInstall.command(manager, p.names());
            network = "host";
        } else {
            BuildStep.Run r = (BuildStep.Run) step;
            command = r.command();
            network = r.network();
        }
        String buildName = BuildStaging.newName();
        Path upper = store.path().resolve(buildName).resolve("overlay/delta");
        RootfsSource.Overlay rootfs = new RootfsSource.Overlay(below.stream().map(LayerStore.Layer::rootfs).toList(), upper);
        List<String> keys = new ArrayList<>(List.of("lxc.rootfs.path=" + rootfs.configValue(), "lxc.uts.name=" + image,
                "lxc.net.0.type=" + (network.equals("host") ? "none" : "empty")));
        for (String cache : caches) keys.add("lxc.mount.entry=" + cacheFolder(cache) + " " + cache.substring(1) + " none bind,create=dir 0 0");
        for (var e : config.env().entrySet()) keys.add("lxc.environment=" + e.getKey() + "=" + e.getValue());
        if (!config.env().containsKey("SOURCE_DATE_EPOCH")) keys.add("lxc.environment=SOURCE_DATE_EPOCH=" + sourceDateEpoch);   // for the tools that honour it
        Container build = store.create(buildName, new CreateOptions(null, List.of(), null, keys));
        RuntimeException failure = null;
        try (Writer out = Files.newBufferedWriter(logFile(), StandardCharsets.UTF_8)) {
            Path log = logFile();
            Files.createDirectories(upper);
            if (!config.workdir().equals("/")) execute(build, out, step, "mkdir -p " + Words.join(List.of(config.workdir())), List.of(), log);
            List<String> as = new ArrayList<>(List.of("lxc.init.cwd=" + config.workdir()));
            if (config.user() != null && step instanceof BuildStep.Run) {   // packages are installed as root, whatever the image's user
                int[] ids = Passwd.resolve(below, config.user(), image, step.where());
                as.add("lxc.init.uid=" + ids[0]);
                as.add("lxc.init.gid=" + ids[1]);
            }
            execute(build, out, step, command, as, log);
            Files.move(upper, tree);   // the same filesystem: a rename
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            try {
                build.destroy(true);
            } catch (RuntimeException e) {   // the step's own error is the one to report
                if (failure != null) failure.addSuppressed(e);
                else throw e;
            }
        }
    }

    private void execute(Container build, Writer log, BuildStep step, String command, List<String> overrides, Path logPath) throws IOException {
        LaunchOptions o = LaunchOptions.of("/bin/sh", "-c", command).withOverrides(overrides)
                .withStdio(ProcessBuilder.Redirect.from(new File("/dev/null")), ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.PIPE);
        ContainerProcess p = build.execute(o);
        List<String> tail = new ArrayList<>();
        Thread errors = new Thread(() -> lines(p.process().getErrorStream(), log, tail), "glxc-build-stderr");
        errors.start();
        lines(p.process().getInputStream(), log, tail);
        try {
            errors.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException(image, step.where(), "interrupted");
        }
        int status = p.waitFor();
        log.flush();
        if (status != 0)
            throw new BuildException(image, step.where(), firstLine(step.describe()) + " failed with exit status " + status
                    + (tail.isEmpty() ? "" : "; its last output:\n  " + String.join("\n  ", tail)) + "\n(the whole output: " + logPath + ")");
    }

    private void lines(InputStream in, Writer log, List<String> tail) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (tail) {
                    log.write(line + "\n");
                    tail.add(line);
                    if (tail.size() > 10) tail.remove(0);
                }
                say.accept(line);
            }
        } catch (IOException e) {
            // the command ended; its status says how
        }
    }

    /** Each step's output is kept: .glxc-images/logs/IMAGE/STEP.log (the last build's). */
    private Path logFile() throws IOException {
        Path dir = store.path().resolve(Images.FOLDER).resolve("logs").resolve(image);
        Files.createDirectories(dir);
        return dir.resolve(index + ".log");
    }

    private Path cacheFolder(String path) throws IOException {
        String id = StepKey.of(path).substring(0, 16);
        Path dir = store.path().resolve(Images.FOLDER).resolve("caches").resolve(image).resolve(id);
        Files.createDirectories(dir);
        return dir;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " ...";
    }
}
