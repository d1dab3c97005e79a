package glxc.runtime.kernel;

import com.sun.jna.LastErrorException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Processes as the kernel sees them: a pid plus its start time names one process for all time. */
public final class Processes {
    private static final long SYS_PIDFD_OPEN = 434;
    private static final long SYS_PIDFD_SEND_SIGNAL = 424;
    private static final short POLLIN = 0x1;

    private Processes() {}

    /** Field 22 of /proc/PID/stat (clock ticks since boot), or 0 when the process does not exist. */
    public static long startTime(int pid) {
        if (pid <= 0) return 0;
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[19]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * True when the process takes sig: a handler is installed (SigCgt) or it is blocked, to be taken with
     * sigwait (SigBlk; busybox init does that), as /proc/PID/status says.
     */
    public static boolean catches(int pid, int sig) {
        try {
            long bit = 1L << (sig - 1), mask = 0;
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status")))
                if (line.startsWith("SigCgt:") || line.startsWith("SigBlk:")) mask |= Long.parseUnsignedLong(line.substring(7).trim(), 16);
            return (mask & bit) != 0;
        } catch (java.io.IOException | NumberFormatException e) {
            // gone, or unreadable: say no, the caller's timeout decides
        }
        return false;
    }

    /** Waits for a thread to end, an interrupt meanwhile kept for the caller. */
    public static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** True when pid still names the process that started at startTime (and is not a zombie). */
    public static boolean isAlive(int pid, long startTime) {
        if (pid <= 0 || startTime <= 0 || startTime(pid) != startTime) return false;
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends sig to the process named by (pid, startTime) through a pidfd, so a reused pid is never hit. */
    public static boolean signal(int pid, long startTime, int sig) {
        int pidfd = pidfdOpen(pid);
        if (pidfd < 0) return false;
        try {
            if (startTime(pid) != startTime) return false;
            Libc.syscall(SYS_PIDFD_SEND_SIGNAL, pidfd, sig, null, 0);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.ESRCH) return false;
            throw new KernelException("pidfd_send_signal", "pid " + pid, e.getErrorCode());
        } finally {
            Libc.close(pidfd);
        }
    }

    /** Waits until the process exits or timeoutMillis passes (negative: forever); true if it exited. */
    public static boolean awaitExit(int pid, long startTime, long timeoutMillis) {
        int pidfd = pidfdOpen(pid);
        if (pidfd < 0) return true;
        try {
            if (startTime(pid) != startTime) return true;
            long deadline = timeoutMillis < 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutMillis;
            while (true) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) return !isAlive(pid, startTime);
                int ready;
                try {
                    ready = Libc.poll(new int[] {pidfd, POLLIN}, 1, // struct pollfd {int fd; short events, revents;}
                             (int) Math.min(left, Integer.MAX_VALUE));
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == Errno.EINTR) continue;
                    throw new KernelException("poll", "pidfd of pid " + pid, e.getErrorCode());
                }
                if (ready > 0) return true;
            }
        } finally {
            Libc.close(pidfd);
        }
    }

    private static int pidfdOpen(int pid) {
        if (pid <= 0) return -1;
        try {
            return (int) Libc.syscall(SYS_PIDFD_OPEN, pid, 0);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.ESRCH) return -1;
            throw new KernelException("pidfd_open", "pid " + pid, e.getErrorCode());
        }
    }

    /** Plain kill(2), for processes glxc itself started (the shim it is waiting for). */
    public static void kill(int pid, int sig) {
        try {
            Libc.kill(pid, sig);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Errno.ESRCH) throw new KernelException("kill", "pid " + pid, e.getErrorCode());
        }
    }

    public static boolean isRoot() {
        return Libc.geteuid() == 0;
    }

    public static int uid() {
        return Libc.geteuid();
    }

    public static int gid() {
        return Libc.getegid();
    }

    /** Waits for a child that ends within moments; an interrupt is remembered (re-set), not lost, and not spun on. */
    public static int waitUninterruptibly(Process p) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return p.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
