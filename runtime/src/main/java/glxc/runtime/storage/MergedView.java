package glxc.runtime.storage;

import glxc.runtime.kernel.Errno;
import com.sun.jna.LastErrorException;
import glxc.runtime.api.GlxcException;
import glxc.runtime.kernel.Processes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        FutureTask<T> task = new FutureTask<>(() -> inPrivateNamespace(overlay, work));
        Thread t = new Thread(task, "glxc-merged-view");
        t.start();
        try {
            return task.get();
        } catch (InterruptedException e) {
            Processes.joinUninterruptibly(t);   // the copy on that thread must not go on writing after we return
            Thread.currentThread().interrupt();
            throw new GlxcException("interrupted while reading " + overlay.configValue());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new GlxcException(e.getCause().getMessage(), e.getCause());
        }
    }

    private static <T> T inPrivateNamespace(RootfsSource.Overlay overlay, Function<Path, T> work) throws IOException {
        Path point = MOUNT_POINTS.resolve("glxc-view-" + UUID.randomUUID());
        Files.createDirectories(point);
        try {
            try {
                FsLibc.unshare(FsLibc.CLONE_NEWNS);
                FsLibc.mount("none", "/", null, FsLibc.MS_REC | FsLibc.MS_PRIVATE, null);
                // every layer as a lower: a read-only view that still honours the upper's whiteouts
                FsLibc.mount("overlay", point.toString(), "overlay", FsLibc.MS_RDONLY,
                        "lowerdir=" + overlay.upper() + ":" + overlay.lowerdir());
            } catch (LastErrorException e) {
                throw new GlxcException("cannot mount the overlay " + overlay.configValue() + " to read it: " + Errno.describe(e.getErrorCode()), e);
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
