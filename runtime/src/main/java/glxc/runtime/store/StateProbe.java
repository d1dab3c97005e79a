package glxc.runtime.store;

import glxc.runtime.api.ContainerState;
import glxc.runtime.kernel.Processes;

import java.nio.file.Files;
import java.util.Optional;

/**
 * A container's state, computed from the monitor's run file and checked against the processes it
 * names (pid + start time), as crun and runc do: the file is a hint, the processes are the truth.
 */
public final class StateProbe {
    private StateProbe() {}

    public record Probe(ContainerState state, Optional<RunState> run, boolean monitorAlive, boolean initAlive) {
        /** A run file whose processes are all gone: glxc or the monitor died; the next change repairs it. */
        public boolean stale() {
            return run.isPresent() && !monitorAlive && !initAlive;
        }
    }

    public static Probe probe(ContainerPaths paths) {
        Optional<RunState> run = RunState.read(paths.run());
        if (run.isEmpty()) return new Probe(ContainerState.STOPPED, run, false, false);
        RunState r = run.get();
        boolean monitor = Processes.isAlive(r.monitorPid(), r.monitorStart());
        boolean init = Processes.isAlive(r.initPid(), r.initStart());
        boolean stopping = Files.exists(paths.stopping());
        ContainerState state;
        if (monitor) {
            state = switch (r.phase()) {
                case "STARTING" -> ContainerState.STARTING;
                case "ABORTING" -> ContainerState.ABORTING;
                case "STOPPING" -> ContainerState.STOPPING;
                default -> !init ? ContainerState.STOPPING : stopping ? ContainerState.STOPPING : ContainerState.RUNNING;
            };
        } else {
            state = init ? (stopping ? ContainerState.STOPPING : ContainerState.RUNNING) : ContainerState.STOPPED;
        }
        return new Probe(state, run, monitor, init);
    }
}
