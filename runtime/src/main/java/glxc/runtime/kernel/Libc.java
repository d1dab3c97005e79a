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

    static native long syscall(long number, Object... args) throws LastErrorException;

    static native int poll(int[] fds, int nfds, int timeout) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int geteuid();
}
