package glxc.runtime.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import glxc.runtime.config.ConfigFile;

/** How a container's init ended, as its monitor recorded it in glxc.exit. */
public record ExitState(int exitCode, int signal, long stoppedMillis) {

    public static Optional<ExitState> read(Path file) {
        try {
            int code = -1, signal = 0;
            long stopped = 0;
            for (String line : Files.readString(file).split("\n")) {
                String[] f = line.split("\t");
                switch (f[0]) {
                    case "exitcode" -> code = Integer.parseInt(f[1]);
                    case "signal" -> signal = Integer.parseInt(f[1]);
                    case "stopped" -> stopped = Long.parseLong(f[1]);
                    default -> { }
                }
            }
            return Optional.of(new ExitState(code, signal, stopped));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The status a shell would report: the exit code, or 128 + the signal that killed init. */
    public int shellStatus() {
        return signal > 0 ? 128 + signal : exitCode;
    }

    public static void write(Path file, int exitCode, int signal) {
        ConfigFile.writeAtomically(file,
                "status\t-1\nexitcode\t" + exitCode + "\nsignal\t" + signal + "\nstopped\t" + System.currentTimeMillis() + "\n");
    }
}
