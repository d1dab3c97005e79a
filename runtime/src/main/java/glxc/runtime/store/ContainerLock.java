package glxc.runtime.store;

import glxc.runtime.api.GlxcException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One container's lock: a file lock on &lt;dir&gt;/glxc.lock between processes, plus a JVM-wide lock
 * per path, since file locks are per process. Changes to a container (create, start, stop, destroy,
 * config writes) hold it; reads never do.
 */
public final class ContainerLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private ContainerLock(ReentrantLock local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits up to timeoutMillis for the lock; a container busy longer than that is an error naming it. */
    public static ContainerLock acquire(String name, Path lockFile, long timeoutMillis) {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath(), p -> new ReentrantLock());
        try {
            if (!local.tryLock(timeoutMillis, TimeUnit.MILLISECONDS)) throw busy(name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy(name);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (true) {
                FileLock l = channel.tryLock();
                if (l != null) return new ContainerLock(local, channel, l);
                if (System.currentTimeMillis() > deadline) throw busy(name);
                Thread.sleep(5);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            closeQuietly(channel);
            local.unlock();
            if (e instanceof GlxcException g) throw g;
            throw new GlxcException("container '" + name + "': cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
    }

    private static GlxcException busy(String name) {
        return new GlxcException("container '" + name + "' is busy: another glxc command is changing it");
    }

    private static void closeQuietly(FileChannel c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it anyway
        }
        closeQuietly(channel);
        local.unlock();
    }
}
