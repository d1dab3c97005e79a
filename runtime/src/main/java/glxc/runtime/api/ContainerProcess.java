package glxc.runtime.api;

import glxc.runtime.kernel.Processes;
import glxc.runtime.shim.ShimReport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A shim run that the caller waits for: execute, attach, or a foreground start. Its exit status is the
 * command's; a failure before exec surfaces from {@link #waitFor()} as a {@link ShimException}.
 */
public final class ContainerProcess {
    private final String container;
    private final Process process;
    private final Path report;
    private final Runnable undoIfShimDied;
    private final Runnable afterExit;

    /** undoIfShimDied runs when the shim failed before its monitor could clean up (e.g. removes cgroups). */
    public ContainerProcess(String container, Process process, Path report, Runnable undoIfShimDied) {
        this(container, process, report, undoIfShimDied, () -> { });
    }

    /** afterExit runs once the shim has ended, however it ended (e.g. removes the container's veth ends at once). */
    public ContainerProcess(String container, Process process, Path report, Runnable undoIfShimDied, Runnable afterExit) {
        this.container = container;
        this.process = process;
        this.report = report;
        this.undoIfShimDied = undoIfShimDied;
        this.afterExit = afterExit;
    }

    public Process process() { return process; }
    public long pid() { return process.pid(); }

    /** Forwards a signal to the shim, which passes it on to the command. */
    public void signal(int sig) {
        Processes.kill((int) process.pid(), sig);
    }

    /** Waits for the command and returns its exit status (128 + N when signal N killed it). */
    public int waitFor() {
        int code;
        while (true) {
            try {
                code = process.waitFor();
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GlxcException("container '" + container + "': interrupted while waiting", e);
            }
        }
        afterExit.run();
        Optional<ShimReport> r = ShimReport.take(report);
        if (r.isPresent()) {
            if (r.get().step().equals("shim")) undoIfShimDied.run();
            throw new ShimException(container, r.get().step(), r.get().errno(), r.get().message());
        }
        return code;
    }

    /** Output of a piped run. */
    public record Output(int exitCode, String stdout, String stderr) {}

    /** Reads stdout and stderr fully (when piped) and waits. */
    public Output collect() {
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        int code = waitFor();
        return new Output(code, out, err.join());
    }

    private static String read(InputStream in) {
        try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
