package glxc.runtime.api;

/**
 * How to copy a container (lxc-copy): a snapshot clone (overlay over the original's rootfs) or a full
 * copy, the backend of a full copy (dir), whether to keep the hostname and MAC addresses, whether a
 * running original may be copied (its rootfs may change under the copy), and whether the clone is
 * ephemeral (lxc.ephemeral: removed when it stops).
 */
public record CloneOptions(boolean snapshot, String backend, boolean keepName, boolean keepMac, boolean allowRunning, boolean ephemeral) {
    public static CloneOptions fullCopy() {
        return new CloneOptions(false, null, false, false, false, false);
    }

    public static CloneOptions snapshotClone() {
        return new CloneOptions(true, null, false, false, false, false);
    }

    public CloneOptions asEphemeral(boolean on) {
        return new CloneOptions(true, backend, keepName, keepMac, allowRunning, on);
    }
}
