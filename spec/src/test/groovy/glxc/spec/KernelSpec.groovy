package glxc.spec

import glxc.runtime.api.AttachOptions
import glxc.runtime.api.Container
import glxc.runtime.api.ContainerProcess
import glxc.runtime.api.ContainerState
import glxc.runtime.api.CreateOptions
import glxc.runtime.api.LaunchOptions
import glxc.runtime.api.StopOptions
import glxc.runtime.api.Store
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/**
 * Base of the specs that make real containers: a temporary store per spec class, every container
 * destroyed after each feature (even a failed one), and a leak check after the spec that fails it
 * if a cgroup, mount or process of this store is left on the host.
 */
abstract class KernelSpec extends Specification {
    @Shared Path storeDir
    @Shared Store store

    def setupSpec() {
        assert new com.sun.security.auth.module.UnixSystem().uid == 0: "kernel specs make real containers and must run as root"
        storeDir = Files.createTempDirectory("glxc-spec-")
        store = Store.open(storeDir)
    }

    def cleanup() {
        HostObjects.destroyAll(store, !keepLayersBetweenFeatures())
    }

    /** A spec whose features share a costly cached layer (a Debian bootstrap) keeps layers until it ends. */
    boolean keepLayersBetweenFeatures() {
        false
    }

    def cleanupSpec() {
        HostObjects.destroyAll(store)
        try {
            HostObjects.assertNothingLeft(storeDir)
        } finally {
            glxc.runtime.storage.FileTrees.delete(storeDir)
        }
    }

    Container busybox(String name, String... overrides) {
        store.create(name, CreateOptions.template("busybox").withOverrides(overrides))
    }

    Container started(String name, String... overrides) {
        Container c = busybox(name, overrides)
        c.start(LaunchOptions.defaults())
        assert c.state() == ContainerState.RUNNING
        c
    }

    ContainerProcess.Output execute(Container c, String... command) {
        c.execute(LaunchOptions.of(command).piped()).collect()
    }

    ContainerProcess.Output attach(Container c, String... command) {
        c.attach(AttachOptions.of(command).piped()).collect()
    }

    /** Runs the glxc command line in a new JVM, as a user would, against this spec's store. */
    Map cli(String... args) {
        List<String> storeOption = args[0] in ['checkconfig', 'config', 'update-config', 'unshare', 'usernsexec', '--help', '--version'] || args[0].startsWith('bogus') ? [] : ['-P', storeDir.toString()]
        List<String> cmd = [javaBin(), '-cp', System.getProperty('java.class.path'), 'glxc.cli.Main', args[0]] + storeOption + (args.drop(1) as List)
        TestNetns.tryRun(cmd as String[])
    }

    static String javaBin() {
        Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
    }

    void stopNow(Container c) {
        c.stop(StopOptions.killNow())
    }
}
