package glxc.runtime.kernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

/** The few libc calls the JVM makes itself; everything between clone and exec is the shim's. */
final class Libc {
    static {
        Native.register("c");
    }

    private Libc() {}

    static native int kill(int pid, int sig) throws LastErrorException;

    /** pidfd_open(pid, flags) */
    static native long syscall(long number, int pid, int flags) throws LastErrorException;

    /** pidfd_send_signal(pidfd, sig, info, flags) */
    static native long syscall(long number, int pidfd, int sig, com.sun.jna.Pointer info, int flags) throws LastErrorException;

    static native int poll(int[] fds, int nfds, int timeout) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int geteuid();

    static native int getegid();

    static native int chmod(String path, int mode) throws LastErrorException;
}
