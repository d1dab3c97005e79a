package glxc.dsl;

import java.util.List;

/** One thing apply would do (or leave): what, to which network or container, and the details to show. */
public record PlanStep(Kind kind, String target, List<String> details) {
    public enum Kind {
        CREATE_NETWORK("create network"), RECREATE_NETWORK("recreate network"), CREATE("create"), CHANGE("change"),
        CHANGE_LIVE("change live"), RESTART("restart"), START("start"), LEAVE("leave");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    public PlanStep {
        details = List.copyOf(details);
    }

    public boolean changes() {
        return kind != Kind.LEAVE;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(kind.label).append(' ').append(target);
        for (String d : details) b.append("\n    ").append(d);
        return b.toString();
    }
}
