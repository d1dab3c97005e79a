package glxc.runtime.cgroup;

import glxc.runtime.api.GlxcException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** cgroup v1: each controller in its own hierarchy (or a few co-mounted); freezing through freezer.state. */
public final class V1Driver implements CgroupDriver {
    private static final long FREEZE_TIMEOUT_MILLIS = 10_000;
    private final CgroupLayout layout;
    private final String name;

    public V1Driver(CgroupLayout layout, String name) {
        this.layout = layout;
        this.name = name;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public boolean hasController(String controller) {
        return layout.withController(controller) != null;
    }

    @Override
    public Path folderFor(String controller) {
        CgroupLayout.Hierarchy h = layout.withController(controller);
        return h == null ? null : h.glxcRoot().resolve(name);
    }

    @Override
    public boolean canFreeze() {
        return hasController("freezer");
    }

    @Override
    public void freeze(boolean frozen) {
        Path state = folderFor("freezer").resolve("freezer.state");
        String want = frozen ? "FROZEN" : "THAWED";
        long deadline = System.currentTimeMillis() + FREEZE_TIMEOUT_MILLIS;
        CgroupFiles.write(state, want);
        while (!current(state).equals(want)) {   // FREEZING until every task has stopped
            if (System.currentTimeMillis() > deadline) {
                if (frozen) CgroupFiles.write(state, "THAWED");   // never leave it half frozen
                throw new GlxcException("container '" + name + "': " + state + " did not reach " + want + " within "
                        + FREEZE_TIMEOUT_MILLIS / 1000 + " s" + (frozen ? "; thawed it again" : ""));
            }
            CgroupFiles.pause();
            CgroupFiles.write(state, want);
        }
    }

    private String current(Path state) {
        if (!Files.exists(state)) throw new GlxcException("container '" + name + "' is not running (its freezer cgroup is gone)");
        return CgroupFiles.read(state);
    }

    @Override
    public boolean isFrozenOrFreezing() {
        Path folder = folderFor("freezer");
        if (folder == null || !Files.isDirectory(folder)) return false;
        try {
            return !Files.readString(folder.resolve("freezer.state")).trim().equals("THAWED");
        } catch (IOException e) {
            return false;
        }
    }
}
