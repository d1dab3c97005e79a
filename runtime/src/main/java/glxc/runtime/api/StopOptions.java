package glxc.runtime.api;

/**
 * lxc-stop's choices. A clean stop sends lxc.signal.halt and waits timeoutSeconds (-1: forever) for the
 * container to stop, then kills it unless noKill; a timeout of 0 only asks (it sends the signal and
 * returns). kill sends lxc.signal.stop (SIGKILL) at once. reboot sends lxc.signal.reboot and waits for
 * the new init. noWait returns right after signalling.
 */
public record StopOptions(int timeoutSeconds, boolean kill, boolean reboot, boolean noWait, boolean noKill) {
    public StopOptions {
        if (timeoutSeconds < -1) throw new IllegalArgumentException("a stop timeout must be -1 (forever), 0 or more seconds, not " + timeoutSeconds);
    }

    public static StopOptions clean() {
        return new StopOptions(60, false, false, false, false);
    }

    public static StopOptions killNow() {
        return new StopOptions(60, true, false, false, false);
    }

    public static StopOptions timeout(int seconds) {
        return new StopOptions(seconds, false, false, false, false);
    }

    public static StopOptions reboot(int seconds) {
        return new StopOptions(seconds, false, true, false, false);
    }
}
