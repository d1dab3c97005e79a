package glxc.cli;

import glxc.runtime.api.ContainerEvent;

import java.util.function.Consumer;

/**
 * How a long template run shows on the command line: on a terminal one status line rewritten in place
 * (the step and its latest output, cut to the width), else every line as it comes; warnings always on
 * their own line.
 */
final class ProgressLine implements Consumer<ContainerEvent> {
    private final boolean terminal = Main.onTerminal();
    private final boolean quiet;
    private boolean open;

    ProgressLine(boolean quiet) {
        this.quiet = quiet;
    }

    @Override
    public synchronized void accept(ContainerEvent e) {
        if (!(e instanceof ContainerEvent.TemplateOutput t)) {
            end();
            Main.render(e);
            return;
        }
        if (quiet) return;
        if (!terminal) {
            System.out.println(t.line());
            return;
        }
        String line = t.line().replace('\t', ' ').strip();
        int width = columns() - 1;
        if (line.length() > width) line = line.substring(0, Math.max(0, width - 3)) + "...";
        System.out.print("\r\033[K" + line);
        System.out.flush();
        open = true;
    }

    /** Ends the status line (before other output, and when the run is over). */
    synchronized void end() {
        if (open) System.out.print("\r\033[K");
        System.out.flush();
        open = false;
    }

    private static int columns() {
        try {
            return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100"));
        } catch (NumberFormatException e) {
            return 100;
        }
    }
}
