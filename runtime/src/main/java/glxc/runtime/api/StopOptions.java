package glxc.runtime.api;

/**
 * lxc-stop's choices: wait timeoutSeconds for a clean halt (lxc.signal.halt) and then kill
 * (-1 waits forever, 0 kills at once); kill skips the halt; reboot sends lxc.signal.reboot instead;
 * noWait returns right after signalling.
 */
public record StopOptions(int timeoutSeconds, boolean kill, boolean reboot, boolean noWait) {
    public static StopOptions clean() {
        return new StopOptions(60, false, false, false);
    }

    public static StopOptions killNow() {
        return new StopOptions(0, true, false, false);
    }

    public static StopOptions timeout(int seconds) {
        return new StopOptions(seconds, false, false, false);
    }
}
