package glxc.cli;

import glxc.runtime.api.Container;
import glxc.runtime.api.SnapshotInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

final class SnapshotVerb extends Verb {
    String name() { return "snapshot"; }
    String summary() { return "snapshot a stopped container; list, restore or destroy its snapshots (lxc-snapshot)"; }

    List<Option> options() {
        return List.of(NAME, LXCPATH,
                Option.value("-c,--comment", "TEXT|FILE", "a comment for the new snapshot (a file's contents, as lxc-snapshot, or the text)"),
                Option.flag("-L,--list", "list the snapshots with time, backend, size and dependants"),
                Option.flag("-C,--showcomments", "with -L: show the comments"),
                Option.value("-r,--restore", "SNAP", "restore SNAP in place, or into -N NEWNAME"),
                Option.value("-N,--newname", "NEWNAME", "with -r: restore into a new container"),
                Option.flag("--force", "with -r: restore in place even though clones share the rootfs"),
                Option.value("-d,--destroy", "SNAP", "destroy SNAP (ALL: every snapshot)"));
    }

    int run(Arguments a) {
        Container c = existing(a);
        if (a.has("list")) {
            list(c.snapshots(), a.has("showcomments"));
        } else if (a.value("restore") != null) {
            c.restoreSnapshot(a.value("restore"), a.value("newname"), a.has("force"));
        } else if (a.value("destroy") != null) {
            c.destroySnapshot(a.value("destroy"));
        } else {
            SnapshotInfo s = c.snapshot(comment(a.value("comment")));
            System.out.println(s.name() + " of " + c.name() + " (" + s.backend() + ", " + Units.bytes(s.bytes(), false) + ")");
        }
        return 0;
    }

    private static String comment(String value) {
        if (value == null) return null;
        Path file = Path.of(value);
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : value;
        } catch (IOException e) {
            throw new UsageException("cannot read the comment file " + file + ": " + e.getMessage());
        }
    }

    private static void list(List<SnapshotInfo> snapshots, boolean comments) {
        if (snapshots.isEmpty()) {
            System.out.println("No snapshots");
            return;
        }
        for (SnapshotInfo s : snapshots) {
            System.out.println(s.name() + " (" + s.dir().getParent() + ") " + s.timestamp() + "  " + s.backend() + " " + Units.bytes(s.bytes(), false)
                    + (s.dependants().isEmpty() ? "" : "  used by " + String.join(", ", s.dependants())));
            if (comments && !s.comment().isEmpty()) System.out.println(s.comment());
        }
    }
}
