package glxc.cli;

import glxc.runtime.build.BuildRecord;
import glxc.runtime.build.ImageDiff;
import glxc.runtime.build.ImageExport;
import glxc.runtime.build.Images;
import glxc.runtime.build.StepResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** glxc image ls | history NAME | diff NAME A B | rollback NAME STEP | export NAME -o FILE | rm NAME. */
final class ImageVerb extends Verb {
    String name() { return "image"; }
    String summary() { return "built images: ls, history, diff, rollback, export, rm"; }
    String operands() { return "ls | history NAME | diff NAME STEP STEP | rollback NAME STEP | export NAME -o FILE | rm NAME"; }

    List<Option> options() {
        return List.of(LXCPATH, Option.value("-o,--output", "FILE", "export: the tarball to write"));
    }

    @Override
    String containerName(Arguments a) {
        throw new UsageException("glxc image works on images");
    }

    int run(Arguments a) {
        List<String> p = a.positional();
        if (p.isEmpty()) throw new UsageException("glxc image " + operands());
        Images images = store(a).images();
        switch (p.get(0)) {
            case "ls" -> {
                List<List<String>> rows = new ArrayList<>();
                for (BuildRecord r : images.list()) {
                    StepResult top = r.current();
                    long bytes = 0;
                    for (StepResult s : r.steps().subList(0, r.head())) bytes += s.bytes();
                    rows.add(List.of(r.name(), top.layers().isEmpty() ? "-" : BuildVerb.digest(top.layers().get(0)).substring(0, 19), Units.bytes(bytes, false),
                            r.built(), r.head() + (r.head() < r.steps().size() ? "/" + r.steps().size() : "")));
                }
                Table.print(List.of("NAME", "DIGEST", "SIZE", "CREATED", "STEPS"), rows);
            }
            case "history" -> {
                BuildRecord r = images.get(arg(p, 1, "history NAME"));
                List<List<String>> rows = new ArrayList<>();
                for (StepResult s : r.steps())
                    rows.add(List.of((s.index() == r.head() ? "*" : "") + s.index(), s.key().substring(0, 12), s.step().replace('\n', ' '),
                            s.layer() == null ? "-" : BuildVerb.digest(s.layer()).substring(0, 19), Units.bytes(s.bytes(), false),
                            s.layer() == null && s.index() > 1 ? "-" : String.format("%.2f s", s.millis() / 1000.0) + (s.cached() ? " (cached)" : ""), s.reproducible() ? "yes" : "no", s.where()));
                Table.print(List.of("STEP", "KEY", "COMMAND", "RESULT", "SIZE", "TIME", "REPRODUCIBLE", "WHERE"), rows);
            }
            case "diff" -> {
                BuildRecord r = images.get(arg(p, 1, "diff NAME STEP STEP"));
                for (ImageDiff.Change c : ImageDiff.between(images, r, step(p, 2), step(p, 3)))
                    System.out.println(c.kind() + " " + c.path());
            }
            case "rm" -> {
                images.remove(arg(p, 1, "rm NAME"));
                System.out.println("removed image " + p.get(1) + " (glxc prune frees its layers once nothing else uses them)");
            }
            case "rollback" -> {
                BuildRecord r = images.rollback(arg(p, 1, "rollback NAME STEP"), step(p, 2));
                System.out.println(r.name() + " points at step " + r.head() + " (" + r.current().step() + ")");
            }
            case "export" -> {
                BuildRecord r = images.get(arg(p, 1, "export NAME -o FILE"));
                if (a.value("output") == null) throw new UsageException("glxc image export NAME -o FILE");
                String digest = ImageExport.write(images, r, Path.of(a.value("output")));
                System.out.println(a.value("output") + ": sha256:" + digest);
            }
            default -> throw new UsageException("glxc image " + operands());
        }
        return 0;
    }

    private static String arg(List<String> p, int i, String usage) {
        if (p.size() <= i) throw new UsageException("glxc image " + usage);
        return p.get(i);
    }

    private static int step(List<String> p, int i) {
        try {
            return Integer.parseInt(arg(p, i, "... STEP"));
        } catch (NumberFormatException e) {
            throw new UsageException("a step is a number (see glxc image history NAME)");
        }
    }
}
