package glxc.runtime.api;

/** What the runtime tells its callers instead of printing (DESIGN principle 8). */
public sealed interface ContainerEvent {
    String container();

    /** A config key glxc accepts but does not act on here, or another thing a user should know. */
    record Warning(String container, String message) implements ContainerEvent {}

    /** A line a template printed while it built the rootfs. */
    record TemplateOutput(String container, String line) implements ContainerEvent {}

    /** The container moved to another state (seen by {@link Store#watch}). */
    record StateChanged(String container, ContainerState from, ContainerState to) implements ContainerEvent {}
}
