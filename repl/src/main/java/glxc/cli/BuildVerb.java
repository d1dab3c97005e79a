package glxc.cli;

import glxc.dsl.ScriptModel;
import glxc.runtime.api.ContainerEvent;
import glxc.runtime.api.Store;
import glxc.runtime.build.BuildListener;
import glxc.runtime.build.BuildOptions;
import glxc.runtime.build.BuildRecord;
import glxc.runtime.build.BuildStep;
import glxc.runtime.build.ImageRecipe;
import glxc.runtime.build.StepResult;

import java.util.List;

/** glxc build FILE: builds the script's images, each step CACHED or RUN with its time. */
final class BuildVerb extends ScriptVerb {
    String name() { return "build"; }
    String summary() { return "build a script's images step by step; unchanged steps come from the cache"; }

    List<Option> options() {
        return with(Option.flag("--no-cache", "run every step"),
                Option.value("--from-step", "[IMAGE:]N", "run steps N and after of IMAGE (default: the script's last image) even where cached"),
                Option.flag("-q,--quiet", "print only the result (and errors)"),
                Option.value("--progress", "plain|tty", "plain: every line of every step (the default off a terminal)"));
    }

    int run(Arguments a) {
        ScriptModel model = load(a);
        BuildOptions options = BuildOptions.defaults();
        if (a.has("no-cache")) options = options.withNoCache();
        String fromImage = null;
        if (a.value("from-step") != null) {
            String v = a.value("from-step");
            int colon = v.lastIndexOf(':');
            fromImage = colon < 0 ? model.images().get(model.images().size() - 1).name() : v.substring(0, colon);
            try {
                options = options.withFromStep(Integer.parseInt(v.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new UsageException("--from-step takes [IMAGE:]N, a step number (glxc image history NAME shows them), not " + v);
            }
            String target = fromImage;
            if (model.images().stream().noneMatch(r -> r.name().equals(target)))
                throw new UsageException("--from-step: the script declares no image '" + target + "'");
        }
        if (model.images().isEmpty()) throw new UsageException("glxc build: " + a.positional().get(0) + " declares no image");
        String progress = a.value("progress") == null ? (Main.onTerminal() ? "tty" : "plain") : a.value("progress");
        if (!progress.equals("tty") && !progress.equals("plain")) throw new UsageException("--progress is plain or tty, not " + progress);
        Store store = Store.open(a.value("lxcpath"));   // its template output goes through the printer, prefixed
        store.addListener(e -> {   // warnings only: build containers' state changes are the build's business
            if (e instanceof ContainerEvent.Warning) Main.render(e);
        });
        buildAll(store, model.images(), options, fromImage, a.has("quiet"), progress.equals("tty"));
        return 0;
    }

    /** forcedImage: the one image options' fromStep is for (the others take only its cache and epoch settings), or null. */
    static void buildAll(Store store, List<ImageRecipe> recipes, BuildOptions options, String forcedImage, boolean quiet, boolean rolling) {
        Printer printer = new Printer(rolling);
        if (!quiet) store.addListener(e -> {   // a base template's own output (debootstrap, an image import)
            if (e instanceof ContainerEvent.TemplateOutput t) printer.output(t.container(), 1, t.line());
        });
        BuildListener listener = quiet ? BuildListener.QUIET : printer;
        for (ImageRecipe r : recipes) {
            long t0 = System.nanoTime();
            BuildRecord record = store.build(r, forcedImage == null || forcedImage.equals(r.name()) ? options : options.withFromStep(Integer.MAX_VALUE), listener);
            StepResult top = record.current();
            System.out.printf("%s: %s (%d steps, %d run, %.2f s)%n", r.name(), top.layers().isEmpty() ? "no layers" : digest(top.layers().get(0)),
                    record.steps().size(), record.steps().stream().filter(s -> !s.cached()).count(), (System.nanoTime() - t0) / 1e9);
        }
    }

    /** A layer's digest as people write it: sha256:HEX. */
    static String digest(String layer) {
        return layer.replaceFirst("^sha256-", "sha256:");
    }

    /**
     * One line per step as it starts, its output prefixed (plain), or shown in one status line rewritten
     * in place (tty; the whole output stays in the step's log), one line as it ends.
     */
    private static final class Printer implements BuildListener {
        private final boolean rolling;
        private boolean open;

        Printer(boolean rolling) {
            this.rolling = rolling;
        }

        public synchronized void started(String image, int index, int total, BuildStep step) {
            end();
            System.out.printf("[%s %d/%d] %s (%s)%n", image, index, total, firstLine(step.describe()), step.where());
        }

        public synchronized void output(String image, int index, String line) {
            String text = "  " + image + " " + index + " | " + line.replace('\t', ' ');
            if (!rolling) {
                System.out.println(text);
                return;
            }
            if (text.length() > 99) text = text.substring(0, 96) + "...";
            System.out.print("\r\033[K" + text);
            System.out.flush();
            open = true;
        }

        private void end() {
            if (open) System.out.print("\r\033[K");
            open = false;
        }

        public synchronized void finished(String image, StepResult r) {
            end();
            if (r.layer() == null && r.index() > 1) return;   // a settings step: nothing ran
            String what = r.cached() ? "CACHED" : r.layer() == null ? "BUILT" : "RUN";
            System.out.printf("  %s%s%s%n", what, r.cached() ? "" : String.format(" %.2f s", r.millis() / 1000.0),
                    r.layer() == null ? "" : " " + digest(r.layer()).substring(0, 19) + " " + Units.bytes(r.bytes(), false));
        }

        private static String firstLine(String s) {
            int nl = s.indexOf('\n');
            return nl < 0 ? s : s.substring(0, nl) + " ...";
        }
    }
}
