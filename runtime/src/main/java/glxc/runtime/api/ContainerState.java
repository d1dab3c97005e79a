package glxc.runtime.api;

/** LXC's container states; FROZEN arrives with the freezer (resource control). */
public enum ContainerState {
    STOPPED, STARTING, RUNNING, STOPPING, ABORTING, FREEZING, FROZEN, THAWED;

    public boolean isActive() {
        return this != STOPPED;
    }
}
