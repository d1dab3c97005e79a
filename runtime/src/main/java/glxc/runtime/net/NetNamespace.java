package glxc.runtime.net;

import com.sun.jna.LastErrorException;
import glxc.runtime.api.GlxcException;
import glxc.runtime.kernel.Errno;
import glxc.runtime.kernel.Processes;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A network namespace held by a file descriptor. Work inside it runs on a fresh thread that joins it
 * (setns on a network namespace moves only the calling thread), so the caller's own namespace never
 * changes. "The host" is always the namespace of the thread that calls glxc: that is how the specs
 * keep every bridge and veth inside a namespace of their own.
 */
public final class NetNamespace implements AutoCloseable {
    private final int fd;
    private boolean closed;

    private NetNamespace(int fd) {
        this.fd = fd;
    }

    /** A new, empty namespace (only a down lo in it). */
    public static NetNamespace create() {
        return new NetNamespace(onFreshThread(() -> {
            try {
                NetLibc.unshare(NetLibc.CLONE_NEWNET);
                return NetLibc.open("/proc/thread-self/ns/net", NetLibc.O_RDONLY | NetLibc.O_CLOEXEC);
            } catch (LastErrorException e) {
                throw new NetlinkException("create a network namespace", e.getErrorCode(), null);
            }
        }));
    }

    /** The namespace of the calling thread (glxc's "host"). */
    public static NetNamespace current() {
        try {
            return new NetNamespace(NetLibc.open("/proc/thread-self/ns/net", NetLibc.O_RDONLY | NetLibc.O_CLOEXEC));
        } catch (LastErrorException e) {
            throw new NetlinkException("open the current network namespace", e.getErrorCode(), null);
        }
    }

    /** The namespace of a running process (a container's init). */
    public static NetNamespace ofProcess(int pid) {
        try {
            return new NetNamespace(NetLibc.open("/proc/" + pid + "/ns/net", NetLibc.O_RDONLY | NetLibc.O_CLOEXEC));
        } catch (LastErrorException e) {
            throw new NetlinkException("open the network namespace of pid " + pid, e.getErrorCode(), null);
        }
    }

    /** The namespace of the process that started at startTime (a pid reused since gets an error, not its namespace). */
    public static NetNamespace ofProcess(int pid, long startTime) {
        NetNamespace ns = ofProcess(pid);
        if (Processes.startTime(pid) != startTime) {
            ns.close();
            throw new NetlinkException("the container's init (pid " + pid + ") is gone", Errno.ESRCH, null);
        }
        return ns;
    }

    public int fd() { return fd; }

    /** A path another process can open to reach this namespace while this object is open. */
    public String procPath() {
        return "/proc/" + NetLibc.getpid() + "/fd/" + fd;
    }

    /** Runs work inside the namespace (on a thread of its own) and returns its result. */
    public <T> T inside(Supplier<T> work) {
        return onFreshThread(() -> {
            try {
                NetLibc.setns(fd, NetLibc.CLONE_NEWNET);
            } catch (LastErrorException e) {
                throw new NetlinkException("enter a network namespace", e.getErrorCode(), null);
            }
            return work.get();
        });
    }

    /** A netlink socket that talks to this namespace. */
    public NetlinkSocket netlink() {
        return inside(NetlinkSocket::open);
    }

    private static <T> T onFreshThread(Supplier<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(work.get());
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }, "glxc-netns");
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (failure.get() != null) throw failure.get();
        return result.get();
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            NetLibc.close(fd);
        } catch (LastErrorException e) {
            throw new GlxcException("close a network namespace: errno " + e.getErrorCode());
        }
    }
}
