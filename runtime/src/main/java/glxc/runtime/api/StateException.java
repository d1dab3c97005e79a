package glxc.runtime.api;

/** An action that the container's current state does not allow: names the container and both states. */
public class StateException extends GlxcException {
    private final String container;
    private final ContainerState state;

    public StateException(String container, ContainerState state, String message) {
        super("container '" + container + "' " + message);
        this.container = container;
        this.state = state;
    }

    public String container() { return container; }
    public ContainerState state() { return state; }
}
