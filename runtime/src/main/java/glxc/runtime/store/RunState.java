package glxc.runtime.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the monitor wrote in glxc.run: its phase and the (pid, start time) of itself and of init.
 * The file is an append-only journal: the last complete value of each key counts, a line still being
 * written is ignored. A hint only: {@link StateProbe} checks both processes before believing it.
 */
public record RunState(String phase, String mode, int monitorPid, long monitorStart, int initPid, long initStart, long startedMillis) {

    public static Optional<RunState> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        String phase = "", mode = "start";
        int monitor = 0, init = 0;
        long monitorStart = 0, initStart = 0, started = 0;
        int end = text.lastIndexOf('\n');
        if (end < 0) return Optional.empty();
        for (String line : text.substring(0, end).split("\n")) {
            String[] f = line.split("\t");
            try {
                switch (f[0]) {
                    case "phase" -> phase = f[1];
                    case "mode" -> mode = f[1];
                    case "monitor" -> { monitor = Integer.parseInt(f[1]); monitorStart = Long.parseLong(f[2]); }
                    case "init" -> { init = Integer.parseInt(f[1]); initStart = Long.parseLong(f[2]); }
                    case "started" -> started = Long.parseLong(f[1]);
                    default -> { }
                }
            } catch (RuntimeException e) {
                return Optional.empty();   // a torn or foreign file: treat as absent, the probe repairs
            }
        }
        return Optional.of(new RunState(phase, mode, monitor, monitorStart, init, initStart, started));
    }
}
