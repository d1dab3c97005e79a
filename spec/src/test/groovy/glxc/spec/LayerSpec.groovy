package glxc.spec

import glxc.runtime.api.Container
import glxc.runtime.api.LaunchOptions
import glxc.runtime.storage.LayerStore
import glxc.runtime.storage.StorageBackend
import glxc.runtime.storage.TreeDigest
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

/** The layer store: content-addressed layers shared as overlay lowers, references counted from disk, prune. */
@Timeout(120)
class LayerSpec extends KernelSpec {

    /** A copy of a fresh busybox rootfs inside the store, ready to be taken in as a layer. */
    private Path busyboxTree(String name) {
        Container src = busybox("ly-src-${name}")
        Path tree = storeDir.resolve("tree-${name}")
        StorageSpec.sh("cp -a ${src.dir()}/rootfs ${tree}")
        src.destroy(false)
        tree
    }

    def "the same tree is one layer; a container on it runs; prune keeps what is used and removes the rest"() {
        given:
        LayerStore layers = store.layers()
        Path a = busyboxTree('a'), b = storeDir.resolve('tree-b')
        StorageSpec.sh("cp -a ${a} ${b}")
        StorageSpec.sh("touch -d 2001-01-01 ${b}/bin/busybox")   // times are not content

        when:
        def first = layers.add(a, [], 'busybox')
        def second = layers.add(b, [], 'busybox again')

        then:
        first.digest() ==~ /sha256-[0-9a-f]{64}/
        second.digest() == first.digest()
        layers.list().size() == 1
        !Files.exists(a) && !Files.exists(b)

        when: 'a container uses it as its lower'
        Container c = busybox('ly-user')
        c.setConfigItem('lxc.rootfs.path', "overlay:${first.rootfs()}:${c.dir()}/overlay/delta".toString())
        def out = execute(c, '/bin/sh', '-c', 'echo mine > /mine; cat /mine; hostname')

        then:
        out.stdout == 'mine\nly-user\n'
        !Files.exists(first.rootfs().resolve('mine'))
        layers.references()[first.digest()] == 1

        when:
        def kept = store.prune(false, false)

        then:
        kept.layers().isEmpty()
        layers.find(first.digest()).isPresent()

        when:
        c.destroy(false)
        def pruned = store.prune(false, false)

        then:
        pruned.layers() == [first.digest()]
        pruned.bytes() > 1_000_000
        layers.list().isEmpty()
    }

    def "a name keeps its layer until prune --all; a child keeps its parent"() {
        given:
        LayerStore layers = store.layers()
        def base = layers.add(busyboxTree('base'), [], 'base')
        Path top = storeDir.resolve('top')
        Files.createDirectories(top.resolve('etc'))
        Files.writeString(top.resolve('etc/motd'), 'hello\n')
        def child = layers.add(top, [base.digest()], 'motd')
        layers.name('web-base', child.digest())

        when:
        def dry = store.prune(false, true)

        then:
        dry.layers().isEmpty()
        layers.named('web-base').get().digest() == child.digest()

        when:
        def all = store.prune(true, false)

        then:
        all.names() == ['web-base']
        all.layers().toSet() == [base.digest(), child.digest()].toSet()
        layers.list().isEmpty()
    }

    def "the tree digest tells apart trees that a naive line format would confuse, and sees xattrs and hardlinks"() {
        given:
        Path a = Files.createTempDirectory(storeDir, 'da')
        Path b = Files.createTempDirectory(storeDir, 'db')
        Files.createSymbolicLink(a.resolve('l'), Path.of('t\nm'))
        Files.writeString(a.resolve('n'), '')
        Files.createSymbolicLink(b.resolve('l'), Path.of('t'))
        Files.writeString(b.resolve('m\nn'), '')
        Path c = Files.createTempDirectory(storeDir, 'dc')
        Path d = Files.createTempDirectory(storeDir, 'dd')
        Files.writeString(c.resolve('f'), 'x')
        Files.writeString(d.resolve('f'), 'x')
        StorageSpec.sh("setfattr -n user.k -v v ${d}/f")
        Path e = Files.createTempDirectory(storeDir, 'de')
        Path f = Files.createTempDirectory(storeDir, 'df')
        Files.writeString(e.resolve('a'), 'x')
        Files.writeString(e.resolve('b'), 'x')
        Files.writeString(f.resolve('a'), 'x')
        Files.createLink(f.resolve('b'), f.resolve('a'))

        expect:
        TreeDigest.of(a) != TreeDigest.of(b)
        TreeDigest.of(c) != TreeDigest.of(d)
        TreeDigest.of(e) != TreeDigest.of(f)
        TreeDigest.of(c) == TreeDigest.of(c)
    }

    def "glxc prune on the command line reports what it removes"() {
        given:
        store.layers().add(busyboxTree('cli'), [], 'cli')

        when:
        def r = cli('prune', '--dry-run')
        def r2 = cli('prune')

        then:
        r.exit == 0 && r.out.contains('would remove layer sha256-')
        r2.exit == 0 && r2.out.contains('removed layer sha256-') && r2.out.contains('freed')
        store.layers().list().isEmpty()
    }
}
