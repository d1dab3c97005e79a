package glxc.runtime.storage;

import glxc.runtime.kernel.Errno;
import com.sun.jna.LastErrorException;
import glxc.runtime.api.GlxcException;
import glxc.runtime.kernel.Processes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;

/**
 * An overlay's merged tree, read-only, for host-side work (a full copy of an overlay container). The
 * mount is made on a fresh thread that first moves into a mount namespace of its own, so no other thread
 * and no other process sees it, and it vanishes with the thread even if glxc is killed.
 */
public final class MergedView {
    private static final Path MOUNT_POINTS = Path.of("/run/glxc/views");

    private MergedView() {}

    public static <T> T with(RootfsSource.Overlay overlay, Function<Path, T> work) {
        // every layer as a lower: a read-only view that still honours the upper's whiteouts
        return onThread(overlay.configValue(), FsLibc.MS_RDONLY, "lowerdir=" + overlay.upper() + ":" + overlay.lowerdir(), work);
    }

    /**
     * The layers (topmost first) under a writable upper: what work writes lands in upper as overlayfs writes
     * it (folders above copied up with their owners and modes, links inside the layers followed as the
     * container would see them). work is a folder on upper's filesystem for overlay's own use.
     */
    public static <T> T writable(List<Path> lowers, Path upper, Path workDir, Function<Path, T> work) {
        String lowerdir = String.join(":", lowers.stream().map(Path::toString).toList());
        return onThread("overlay:" + lowerdir + ":" + upper, 0, "lowerdir=" + lowerdir + ",upperdir=" + upper + ",workdir=" + workDir, work);
    }

    private static <T> T onThread(String what, long flags, String options, Function<Path, T> work) {
        FutureTask<T> task = new FutureTask<>(() -> inPrivateNamespace(what, flags, options, work));
        Thread t = new Thread(task, "glxc-merged-view");
        t.start();
        try {
            return task.get();
        } catch (InterruptedException e) {
            Processes.joinUninterruptibly(t);   // the copy on that thread must not go on writing after we return
            Thread.currentThread().interrupt();
            throw new GlxcException("interrupted while working in " + what);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new GlxcException(e.getCause().getMessage(), e.getCause());
        }
    }

    private static <T> T inPrivateNamespace(String what, long flags, String options, Function<Path, T> work) throws IOException {
        Path point = MOUNT_POINTS.resolve("glxc-view-" + UUID.randomUUID());
        Files.createDirectories(point);
        try {
            try {
                FsLibc.unshare(FsLibc.CLONE_NEWNS);
                FsLibc.mount("none", "/", null, FsLibc.MS_REC | FsLibc.MS_PRIVATE, null);
                FsLibc.mount("overlay", point.toString(), "overlay", flags, options);
            } catch (LastErrorException e) {
                throw new GlxcException("cannot mount the overlay " + what + ": " + Errno.describe(e.getErrorCode()), e);
            }
            try {
                return work.apply(point);
            } finally {
                FsLibc.umount2(point.toString(), 2 /* MNT_DETACH */);
            }
        } finally {
            Files.deleteIfExists(point);
        }
    }
}
