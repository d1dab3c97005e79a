package glxc.runtime.storage;

import java.nio.file.Path;

/**
 * One way to hold a root filesystem (LXC's storage ops): make an empty one for a new container, a
 * copy-on-write clone, the size it takes on the host, destroy. The shim mounts it at start (an overlay
 * inside the container's own mount namespace), so no backend mounts anything on the host.
 */
public interface StorageBackend {
    String name();

    /** An empty root filesystem for a new container whose folder is dir (the folder exists). */
    RootfsSource create(Path dir);

    /** A clone of source for the container whose folder is dir that shares what it can with source. */
    RootfsSource snapshot(RootfsSource source, Path dir);

    /** Bytes this rootfs holds of its own on the host (an overlay: its upper only). */
    long ownBytes(RootfsSource source);

    /** Removes what this rootfs owns (never a lower layer it shares). */
    void destroy(RootfsSource source);
}
