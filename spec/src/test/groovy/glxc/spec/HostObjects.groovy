package glxc.spec

import glxc.runtime.build.Images

import glxc.runtime.api.Container
import glxc.runtime.api.StopOptions
import glxc.runtime.api.Store
import glxc.runtime.cgroup.CgroupLayout

import java.nio.file.Files
import java.nio.file.Path

/** What a spec may leave on the host (it must leave nothing): cgroups, mounts, processes of its store. */
class HostObjects {
    static void destroyAll(Store store) {
        destroyAll(store, true)
    }

    static void destroyAll(Store store, boolean pruneLayers) {
        Images images = new Images(store.path())
        for (def image : images.list()) {
            try {
                images.remove(image.name())
            } catch (Exception e) {
                System.err.println("cleanup of image ${image.name()} failed: ${e.message}")
            }
        }
        for (Container c : store.list()) {
            try {
                if (c.exists()) c.destroy(true, true, true)
            } catch (Exception e) {
                System.err.println("cleanup of ${c.name()} failed: ${e.message}")
            }
        }
        try {
            if (pruneLayers) store.prune(true, false)
        } catch (Exception e) {
            System.err.println("cleanup of the layers failed: ${e.message}")
        }
        for (def n : store.networks().list()) {
            try {
                store.networks().delete(n.name(), true)
            } catch (Exception e) {
                System.err.println("cleanup of network ${n.name()} failed: ${e.message}")
            }
        }
    }

    /** Cgroup folders under glxc/ in every hierarchy: the specs are the only users of glxc on a test host. */
    static List<Path> cgroups() {
        List<Path> out = []
        for (CgroupLayout.Hierarchy h : CgroupLayout.detect().hierarchies()) {
            Path root = h.glxcRoot()
            if (!Files.isDirectory(root)) continue
            Files.list(root).withCloseable { s -> s.filter { Files.isDirectory(it) }.forEach { out << it } }
        }
        out
    }

    static List<String> mounts(Path storeDir) {
        Files.readAllLines(Path.of('/proc/self/mountinfo')).findAll { it.contains(storeDir.toString()) || it.contains('/glxc') }
    }

    static List<String> processes(Path storeDir) {
        List<String> out = []
        Files.list(Path.of('/proc')).withCloseable { s ->
            s.filter { it.fileName.toString().isNumber() }.forEach { p ->
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve('cmdline'))).replace('\0' as char, ' ' as char)
                    if (cmd.contains(storeDir.toString())) out << "${p.fileName}: ${cmd}".toString()
                } catch (IOException ignored) {
                }
            }
        }
        out
    }

    static void assertNothingLeft(Path storeDir) {
        List<String> leaks = []
        leaks += cgroups().collect { "cgroup ${it}".toString() }
        leaks += mounts(storeDir).collect { "mount ${it}".toString() }
        leaks += processes(storeDir).collect { "process ${it}".toString() }
        assert leaks.isEmpty(): "host objects left behind:\n  " + leaks.join("\n  ")
    }
}
