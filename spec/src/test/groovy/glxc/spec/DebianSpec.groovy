package glxc.spec

import glxc.dsl.Dsl
import glxc.dsl.TemplateLibrary
import glxc.runtime.api.Store
import glxc.runtime.build.BuildListener
import glxc.runtime.build.BuildOptions
import glxc.runtime.build.BuildRecord
import glxc.runtime.build.Builder
import glxc.runtime.build.ImageExport
import glxc.runtime.build.Images
import glxc.runtime.api.AttachOptions
import glxc.runtime.api.Container
import glxc.runtime.api.ContainerEvent
import glxc.runtime.api.CreateOptions
import glxc.runtime.api.LaunchOptions
import glxc.runtime.api.StopOptions
import glxc.runtime.template.Templates
import spock.lang.Requires
import spock.lang.Stepwise
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

/**
 * Debian from Debian's archive (this machine reaches it; the spec is skipped where it does not): built
 * once per run by debootstrap, cached as a layer, then copied or shared; the container boots with
 * systemd and apt works inside; a composed template builds on it and is reused from its cache.
 */
@Stepwise
@Timeout(1200)
@Requires({ Files.isExecutable(Path.of('/usr/sbin/debootstrap')) && DebianSpec.archiveReachable() })
class DebianSpec extends KernelSpec {
    List<String> said = Collections.synchronizedList([])

    @Override
    boolean keepLayersBetweenFeatures() {
        true
    }

    def setup() {
        store.addListener { ContainerEvent e -> if (e instanceof ContainerEvent.TemplateOutput) said << ((ContainerEvent.TemplateOutput) e).line() }
    }

    def "the first create bootstraps and caches; the next copy or share the cache; it boots and apt works"() {
        when:
        Container first = store.create('deb-1', CreateOptions.template('debian', '--release', 'bookworm'))

        then:
        said.any { it.startsWith('I: Base system installed successfully') }
        store.layers().list().size() == 1
        Files.isExecutable(first.dir().resolve('rootfs/usr/bin/apt-get'))
        first.dir().resolve('rootfs/etc/hostname').text == 'deb-1\n'

        when:
        said.clear()
        Container copy = store.create('deb-2', CreateOptions.template('debian', '--release', 'bookworm'))
        Container shared = store.create('deb-3', CreateOptions.template('debian', '--release', 'bookworm').withBackend('overlay'))

        then:
        said.count { it.startsWith('Using the cached debian rootfs') } == 2
        !said.any { it.startsWith('I: ') }   // debootstrap did not run again
        copy.dir().resolve('rootfs/etc/hostname').text == 'deb-2\n'
        // the copy of a real Debian keeps its hardlinks, setuid files, device-less /dev and owners
        Path layer = store.layers().list()[0].rootfs()
        StorageSpec.sh("cd ${layer} && find . -xdev -type f -links +1 | sort | xargs -r stat -c '%n %h %i' | awk '{print \$1, \$2}'") ==
                StorageSpec.sh("cd ${copy.dir()}/rootfs && find . -xdev -type f -links +1 | sort | xargs -r stat -c '%n %h %i' | awk '{print \$1, \$2}'")
        StorageSpec.sh("cd ${layer} && find . -xdev -perm -4000 | sort") == StorageSpec.sh("cd ${copy.dir()}/rootfs && find . -xdev -perm -4000 | sort")
        StorageSpec.sh("cd ${copy.dir()}/rootfs && find . -xdev -perm -4000 | sort").contains('./usr/bin/su')
        StorageSpec.sh("stat -c %U:%G ${copy.dir()}/rootfs/etc/shadow").trim() == 'root:shadow'
        shared.config().rootfsSource().get().configValue().contains('/.glxc-layers/sha256-')
        store.layers().list().size() == 1

        when:
        shared.start(LaunchOptions.defaults())
        String state = ''
        long deadline = System.currentTimeMillis() + 60_000
        while (!(state in ['running', 'degraded']) && System.currentTimeMillis() < deadline) {
            state = attach(shared, 'systemctl', 'is-system-running').stdout.trim()
            sleep(500)
        }

        then:
        state in ['running', 'degraded']
        attach(shared, 'apt-get', '--version').stdout.startsWith('apt ')
        attach(shared, 'hostname').stdout.trim() == 'deb-3'
        attach(shared, '/bin/sh', '-c', 'cat /proc/1/comm').stdout.trim() == 'systemd'

        cleanup:
        if (shared.exists()) shared.stop(StopOptions.timeout(30))
    }

    def "an unprivileged Debian on the shared layer boots systemd with every unit up, as uid 100000 and above outside"() {
        given: "the cached layer shared as an idmapped lower; the store keeps other users out, as an unprivileged rootfs needs"
        Container c = store.create('deb-un', CreateOptions.template('debian', '--release', 'bookworm').withBackend('overlay')
                .withOverrides('lxc.idmap=u 0 100000 65536', 'lxc.idmap=g 0 100000 65536'))

        when:
        c.start(LaunchOptions.defaults())
        String state = ''
        long deadline = System.currentTimeMillis() + 60_000
        while (!(state in ['running', 'degraded']) && System.currentTimeMillis() < deadline) {
            state = attach(c, 'systemctl', 'is-system-running').stdout.trim()
            sleep(500)
        }
        List<Integer> hostUids = StorageSpec.sh("for p in \$(find /sys/fs/cgroup/ -path '*/glxc/deb-un*' -name cgroup.procs -exec cat {} + | sort -u); do stat -c %u /proc/\$p; done")
                .readLines().findAll { it }.collect { it as int }

        then: "systemd made its own cgroups (delegated to the container's root) and its console is its own"
        state == 'running'
        attach(c, 'systemctl', '--failed', '--no-legend').stdout.trim() == ''
        attach(c, 'cat', '/proc/self/uid_map').stdout.trim().split(/\s+/) as List == ['0', '100000', '65536']
        hostUids.size() >= 2
        hostUids.every { it >= 100000 && it < 165536 }
        c.dir().resolve('overlay/delta').toFile().exists()

        cleanup:
        if (c.exists()) c.stop(StopOptions.timeout(30))
    }

    def "a composed template extends debian with a package and is reused from its cache"() {
        given:
        Path library = Files.createTempDirectory('glxc-spec-library-')
        library.resolve('deb-tree.lxc.groovy').text = '''
            template "deb-tree", {
                from "debian", release: "bookworm"
                packages "tree"
                file "/etc/motd", "composed\\n"
                run "tree --version > /etc/tree-version"
            }'''
        Templates.addSource(new TemplateLibrary([library]))

        when:
        Container c = store.create('deb-tree-1', CreateOptions.template('deb-tree'))

        then:
        execute(c, 'tree', '--version').stdout.startsWith('tree ')
        c.dir().resolve('rootfs/etc/motd').text == 'composed\n'
        c.dir().resolve('rootfs/etc/tree-version').text.startsWith('tree ')
        c.dir().resolve('rootfs/etc/hostname').text == 'deb-tree-1\n'
        store.layers().list().size() == 2
        store.list().every { !it.name().startsWith('glxc-build-') }

        when:
        said.clear()
        Container again = store.create('deb-tree-2', CreateOptions.template('deb-tree').withBackend('overlay'))

        then:
        said.any { it.startsWith('Using the cached deb-tree rootfs') }
        !said.any { it.startsWith('Step ') }
        store.layers().list().size() == 2
        execute(again, 'cat', '/etc/motd').stdout == 'composed\n'

        cleanup:
        glxc.runtime.storage.FileTrees.delete(library)
    }

    def "a failing step names its line and status, keeps its log, and leaves no container, cache entry or build container"() {
        given:
        Path library = Files.createTempDirectory('glxc-spec-library-')
        library.resolve('deb-bad.lxc.groovy').text = '''template "deb-bad", {
    from "debian", release: "bookworm"
    run "echo about to fail; exit 3"
}'''
        Templates.addSource(new TemplateLibrary([library]))
        int layers = store.layers().list().size()
        assert layers >= 2   // debian's and deb-tree's, kept from the features before

        when:
        store.create('deb-bad-1', CreateOptions.template('deb-bad'))

        then:
        glxc.runtime.api.GlxcException e = thrown()
        e.message.contains('deb-bad.lxc.groovy:3')
        e.message.contains('exit status 3')
        e.message.contains('about to fail')
        e.message.contains('.glxc-logs/')
        !store.get('deb-bad-1').exists()
        store.layers().list().size() == layers
        store.list().every { !it.name().startsWith('glxc-build-') }
        Files.list(storeDir.resolve('.glxc-logs')).withCloseable { l -> l.anyMatch { it.text.contains('about to fail') } }

        cleanup:
        glxc.runtime.storage.FileTrees.delete(library)
    }

    def "an image on debian is the same bytes in two fresh stores: every layer and the export"() {
        given:
        Path context = Files.createTempDirectory('glxc-spec-deb-image-')
        context.resolve('hello.txt').text = 'hello\n'
        Path script = context.resolve('img.lxc.groovy')
        script.text = '''image "deb-img", {
    from template("debian", release: "bookworm")
    packages "netcat-openbsd"
    copy "hello.txt", to: "/srv/"
    run "ln -s /srv/hello.txt /srv/link && echo done > /srv/done"
    cmd "/bin/cat", "/srv/hello.txt"
}'''
        Path otherDir = Files.createTempDirectory('glxc-spec-deb-other-')
        Store other = Store.open(otherDir)
        BuildOptions options = BuildOptions.defaults().withSourceDateEpoch(1700000000)

        when: "one store has the bootstrap cached already, the other bootstraps again"
        BuildRecord a = new Builder(store, BuildListener.QUIET).build(Dsl.load(script).images()[0], options)
        BuildRecord b = new Builder(other, BuildListener.QUIET).build(Dsl.load(script).images()[0], options)
        String exportA = ImageExport.write(new Images(store.path()), a, context.resolve('a.tar'))
        String exportB = ImageExport.write(new Images(other.path()), b, context.resolve('b.tar'))

        then:
        a.steps()*.layers() == b.steps()*.layers()
        exportA == exportB
        !a.step(2).reproducible()   // packages come from the network: marked so, though today's archive gave the same bytes
        a.step(4).reproducible()

        cleanup:
        HostObjects.destroyAll(other)
        glxc.runtime.storage.FileTrees.delete(otherDir)
        glxc.runtime.storage.FileTrees.delete(context)
    }

    static boolean archiveReachable() {
        try {
            def c = new URL('http://deb.debian.org/debian/dists/bookworm/Release').openConnection()
            c.connectTimeout = 3000
            c.readTimeout = 3000
            c.requestMethod = 'HEAD'
            return c.responseCode == 200
        } catch (IOException e) {
            return false
        }
    }
}
