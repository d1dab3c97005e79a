package glxc.runtime.kernel;

import java.util.Map;

/** errno numbers by name, and their messages, for errors that cross from the kernel or the shim. */
public final class Errno {
    public static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, E2BIG = 7, ENOEXEC = 8, EBADF = 9,
            EAGAIN = 11, ENOMEM = 12, EACCES = 13, EBUSY = 16, EEXIST = 17, ENOTDIR = 20, EISDIR = 21, EINVAL = 22,
            ENOSPC = 28, EROFS = 30, ELOOP = 40, ENOSYS = 38, EXDEV = 18, ENODEV = 19, EPROTO = 71, EOPNOTSUPP = 95,
            EADDRINUSE = 98, EADDRNOTAVAIL = 99, ENETUNREACH = 101, ETIMEDOUT = 110;

    private static final Map<Integer, String> MESSAGES = Map.ofEntries(
            Map.entry(EPERM, "Operation not permitted"), Map.entry(ENOENT, "No such file or directory"),
            Map.entry(ESRCH, "No such process"), Map.entry(EINTR, "Interrupted system call"),
            Map.entry(EIO, "Input/output error"), Map.entry(E2BIG, "Argument list too long"),
            Map.entry(ENOEXEC, "Exec format error"), Map.entry(EBADF, "Bad file descriptor"),
            Map.entry(EAGAIN, "Resource temporarily unavailable"), Map.entry(ENOMEM, "Cannot allocate memory"),
            Map.entry(EACCES, "Permission denied"), Map.entry(EBUSY, "Device or resource busy"),
            Map.entry(EEXIST, "File exists"), Map.entry(ENOTDIR, "Not a directory"), Map.entry(EISDIR, "Is a directory"),
            Map.entry(EINVAL, "Invalid argument"), Map.entry(ENOSPC, "No space left on device"),
            Map.entry(EROFS, "Read-only file system"), Map.entry(ELOOP, "Too many levels of symbolic links"),
            Map.entry(ENOSYS, "Function not implemented"), Map.entry(EXDEV, "Invalid cross-device link"),
            Map.entry(ENODEV, "No such device"), Map.entry(EPROTO, "Protocol error"), Map.entry(EOPNOTSUPP, "Operation not supported"),
            Map.entry(EADDRINUSE, "Address already in use"), Map.entry(EADDRNOTAVAIL, "Cannot assign requested address"),
            Map.entry(ENETUNREACH, "Network is unreachable"), Map.entry(ETIMEDOUT, "Connection timed out"));

    private Errno() {}

    public static String describe(int errno) {
        String text = MESSAGES.get(errno);
        return (text == null ? "error" : text) + " (errno " + errno + ")";
    }
}
