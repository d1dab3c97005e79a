package glxc.spec

import glxc.runtime.api.CloneOptions
import glxc.runtime.api.Container
import glxc.runtime.api.ContainerState
import glxc.runtime.api.GlxcException
import glxc.runtime.api.LaunchOptions
import glxc.runtime.api.StopOptions
import glxc.runtime.cgroup.CgroupLayout
import spock.lang.IgnoreIf
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

/** Copy-on-write storage on the real kernel: overlay clones, full copies, ephemeral containers, snapshots. */
@Timeout(120)
class StorageSpec extends KernelSpec {

    def "a snapshot clone starts, writes only to its own upper layer, and leaves the original unchanged"() {
        given:
        Container base = busybox('st-base')

        when:
        Container clone = base.copy('st-clone', null, CloneOptions.snapshotClone())
        clone.start(LaunchOptions.defaults())
        def out = attach(clone, '/bin/sh', '-c', 'hostname; echo changed > /etc/motd; rm /bin/ls; echo new > /root/new; cat /etc/motd')

        then:
        clone.configPath().readLines().contains("lxc.rootfs.path = overlay:${base.dir()}/rootfs:${clone.dir()}/overlay/delta".toString())
        out.stdout.readLines() == ['st-clone', 'changed']
        Files.readString(clone.dir().resolve('overlay/delta/root/new')) == 'new\n'
        Files.exists(clone.dir().resolve('overlay/delta/etc/motd'))
        !Files.exists(base.dir().resolve('rootfs/root/new'))
        Files.exists(base.dir().resolve('rootfs/bin/ls'), java.nio.file.LinkOption.NOFOLLOW_LINKS)
        !base.dir().resolve('rootfs/etc/motd').toFile().exists() || !base.dir().resolve('rootfs/etc/motd').text.contains('changed')
        clone.info().backend() == 'overlay'
        // the overlay lives in the container's mount namespace only
        HostObjects.mounts(storeDir).isEmpty()
        base.dependants() == ["st-clone (${storeDir})".toString()]
        base.dir().resolve('lxc_snapshots').readLines() == [storeDir.toString(), 'st-clone']
        clone.dir().resolve('lxc_rdepends').readLines() == [storeDir.toString(), 'st-base']
    }

    def "destroying or renaming a container that clones depend on is refused, naming them and the flag"() {
        given:
        Container base = busybox('st-lower')
        base.copy('st-dep1', null, CloneOptions.snapshotClone())
        base.copy('st-dep2', null, CloneOptions.snapshotClone())

        when:
        base.destroy(false)

        then:
        GlxcException e = thrown()
        e.message.contains('st-dep1') && e.message.contains('st-dep2') && e.message.contains('--with-clones')
        base.exists()

        when:
        base.rename('st-lower2')

        then:
        thrown(GlxcException)

        when:
        store.get('st-dep1').destroy(false)
        base.destroy(false, false, false)

        then:
        e = thrown()
        !e.message.contains('st-dep1') && e.message.contains('st-dep2')

        when:
        base.destroy(false, false, true)

        then:
        !base.exists() && !store.get('st-dep2').exists()
    }

    def "an overlay clone of an overlay container shares the same lower and starts from a copy of the delta"() {
        given:
        Container base = busybox('st-b2')
        Container first = base.copy('st-first', null, CloneOptions.snapshotClone())
        Files.writeString(first.dir().resolve('overlay/delta/marker'), 'first\n')

        when:
        Container second = first.copy('st-second', null, CloneOptions.snapshotClone())

        then:
        second.configPath().readLines().contains("lxc.rootfs.path = overlay:${base.dir()}/rootfs:${second.dir()}/overlay/delta".toString())
        execute(second, '/bin/cat', '/marker').stdout == 'first\n'
        base.dependants().toSet() == ["st-first (${storeDir})".toString(), "st-second (${storeDir})".toString()].toSet()
    }

    def "a full copy keeps hardlinks, setuid bits, owners, xattrs, device nodes, fifos, holes and symlinks as links"() {
        given:
        Container base = busybox('st-full')
        Path r = base.dir().resolve('rootfs')
        sh("""set -e
            cd ${r}
            echo data > etc/a; ln etc/a etc/b
            cp bin/busybox bin/suid; chmod 4755 bin/suid
            echo owned > home/owned; chown 1234:2345 home/owned
            setfattr -n user.glxc -v hello etc/a
            setcap cap_net_bind_service+ep bin/suid
            mknod dev/glxc-null c 1 3; mkfifo tmp/fifo
            truncate -s 64M var/sparse; echo end >> var/sparse
            ln -s /etc/shadow etc/escape
            setfacl -m u:1234:r etc/a""")

        when:
        Container copy = base.copy('st-fullcopy', null, CloneOptions.fullCopy())
        Path c = copy.dir().resolve('rootfs')

        then:
        sh("stat -c %h ${c}/etc/a").trim() == '2'
        sh("stat -c %i ${c}/etc/a").trim() == sh("stat -c %i ${c}/etc/b").trim()
        sh("stat -c %a ${c}/bin/suid").trim() == '4755'
        sh("stat -c %u:%g ${c}/home/owned").trim() == '1234:2345'
        sh("getfattr --absolute-names --only-values -n user.glxc ${c}/etc/a").trim() == 'hello'
        sh("getcap ${c}/bin/suid").contains('cap_net_bind_service')
        sh("getfacl -cp ${c}/etc/a").contains('user:1234:r--')
        sh("stat -c %F:%t:%T ${c}/dev/glxc-null").trim() == 'character special file:1:3'
        sh("stat -c %F ${c}/tmp/fifo").trim() == 'fifo'
        sh("stat -c %s ${c}/var/sparse").trim() == sh("stat -c %s ${r}/var/sparse").trim()
        (sh("stat -c %b ${c}/var/sparse").trim() as long) < 1024   // 512-byte blocks: the hole stayed a hole
        Files.readSymbolicLink(c.resolve('etc/escape')).toString() == '/etc/shadow'
        sh("stat -c %Y ${c}/etc/a").trim() == sh("stat -c %Y ${r}/etc/a").trim()
        copy.info().backend() == 'dir'
        execute(copy, '/bin/cat', '/etc/b').stdout == 'data\n'
    }

    def "an ephemeral clone is gone after it stops (folder, mounts, cgroups); with keepdata it stays"() {
        given:
        Container base = busybox('st-eph-base')

        when:
        Container eph = base.copy('st-eph', null, CloneOptions.snapshotClone().asEphemeral(true))
        eph.start(LaunchOptions.defaults())

        then:
        eph.state() == ContainerState.RUNNING
        eph.config().ephemeral()

        when:
        eph.stop(StopOptions.clean())

        then:
        !Files.exists(storeDir.resolve('st-eph'))
        !store.list()*.name().contains('st-eph')
        HostObjects.mounts(storeDir).isEmpty()
        !HostObjects.cgroups().any { it.fileName.toString() == 'st-eph' }
        base.dependants().isEmpty()

        when: 'init ends by itself'
        Container eph2 = base.copy('st-eph2', null, CloneOptions.snapshotClone().asEphemeral(true))
        eph2.start(LaunchOptions.defaults())
        attach(eph2, '/bin/sh', '-c', 'kill -USR1 1')
        eph2.waitFor([ContainerState.STOPPED] as Set, 10_000)
        long deadline = System.currentTimeMillis() + 10_000
        while (Files.exists(eph2.dir()) && System.currentTimeMillis() < deadline) sleep(20)

        then:
        !Files.exists(eph2.dir())

        when:
        Container kept = base.copy('st-kept', null, CloneOptions.snapshotClone().asEphemeral(false))
        kept.start(LaunchOptions.defaults())
        kept.stop(StopOptions.clean())

        then:
        kept.exists()
    }

    def "copy -e on the command line runs a command in an ephemeral clone and removes it"() {
        given:
        busybox('st-cli')

        when:
        def r = cli('copy', '-e', '-n', 'st-cli', '-N', 'st-cli-e', '--', '/bin/sh', '-c', 'hostname; exit 7')

        then:
        r.exit == 7
        r.out.trim() == 'st-cli-e'
        !Files.exists(storeDir.resolve('st-cli-e'))
    }

    def "restore returns the rootfs to the snapshot's content, in place or into a new container"() {
        given:
        Container c = busybox('st-snap')
        def s0 = c.snapshot('before upgrade')
        c.start(LaunchOptions.defaults())
        attach(c, '/bin/sh', '-c', 'echo after > /after.txt; rm /bin/ls')
        c.stop(StopOptions.clean())
        def s1 = c.snapshot(null)

        expect:
        s0.name() == 'snap0' && s1.name() == 'snap1'
        c.snapshots()*.name() == ['snap0', 'snap1']
        c.snapshots()[0].comment() == 'before upgrade'
        c.info().snapshotCount() == 2
        c.dir().resolve('snaps/snap0/ts').text ==~ /\d{4}:\d\d:\d\d \d\d:\d\d:\d\d/

        when:
        c.restoreSnapshot('snap0', null, false)

        then:
        !Files.exists(c.dir().resolve('rootfs/after.txt'))
        Files.exists(c.dir().resolve('rootfs/bin/ls'), java.nio.file.LinkOption.NOFOLLOW_LINKS)
        execute(c, '/bin/sh', '-c', 'test -e /after.txt || echo restored').stdout == 'restored\n'

        when:
        Container n = c.restoreSnapshot('snap1', 'st-snap-new', false)

        then:
        Files.readString(n.dir().resolve('rootfs/after.txt')) == 'after\n'
        n.configPath().readLines().contains('lxc.uts.name = st-snap-new')

        when:
        c.destroy(false)

        then:
        GlxcException e = thrown()
        e.message.contains('2 snapshot(s)') && e.message.contains('-s')

        when:
        c.destroySnapshot('snap1')
        c.destroy(false, true, false)

        then:
        !c.exists()
    }

    def "snapshots of an overlay container copy only the delta and LXC's lxc-snapshot lists them"() {
        given:
        Container base = busybox('st-ovb')
        Container ov = base.copy('st-ov', null, CloneOptions.snapshotClone())
        Files.writeString(ov.dir().resolve('overlay/delta/v1'), 'one\n')

        when:
        def s = ov.snapshot('first')
        Files.writeString(ov.dir().resolve('overlay/delta/v2'), 'two\n')
        ov.restoreSnapshot('snap0', null, false)

        then:
        s.backend() == 'overlay'
        s.bytes() == 4
        Files.exists(ov.dir().resolve('overlay/delta/v1'))
        !Files.exists(ov.dir().resolve('overlay/delta/v2'))
        execute(ov, '/bin/cat', '/v1').stdout == 'one\n'
        Files.isExecutable(Path.of('/usr/bin/lxc-snapshot')) ?
                sh("lxc-snapshot -P ${storeDir} -n st-ov -L").contains('snap0') : true
    }

    def "rename moves the folder, its config paths, hostname and snapshots"() {
        given:
        Container c = busybox('st-old')
        c.snapshot(null)

        when:
        Container n = c.rename('st-new')

        then:
        !c.exists()
        n.configPath().readLines().contains("lxc.rootfs.path = dir:${storeDir}/st-new/rootfs".toString())
        n.configPath().readLines().contains('lxc.uts.name = st-new')
        n.dir().resolve('snaps/snap0/config').readLines().contains("lxc.rootfs.path = dir:${storeDir}/st-new/snaps/snap0/rootfs".toString())
        execute(n, '/bin/hostname').stdout.trim() == 'st-new'
    }

    def "a copy killed half-way is never listed, and the next listing removes it"() {
        given:
        Container big = busybox('st-big')
        sh("mkdir -p ${big.dir()}/rootfs/many && cd ${big.dir()}/rootfs/many && for i in \$(seq 1 4000); do mkdir d\$i; echo \$i > d\$i/f; done")

        when:
        List<String> cmd = [javaBin(), '-cp', System.getProperty('java.class.path'), 'glxc.cli.Main', 'copy', '-P', storeDir.toString(), '-n', 'st-big', '-N', 'st-half']
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start()
        long deadline = System.currentTimeMillis() + 30_000
        while (!staging() && System.currentTimeMillis() < deadline) sleep(5)
        sleep(100)
        p.destroyForcibly().waitFor()

        then:
        staging()   // it was killed while copying
        !store.list()*.name().contains('st-half')
        !staging()  // that listing removed it
        !store.get('st-half').exists()
    }

    def "a running original is copied only with allowRunning"() {
        given:
        Container c = started('st-run')

        when:
        c.copy('st-run2', null, CloneOptions.fullCopy())

        then:
        GlxcException e = thrown()
        e.message.contains('RUNNING') && e.message.contains('-a')
        !store.get('st-run2').exists()
    }

    def "an overlay container's own lower (-B overlay) is guarded: its clones count, a restore keeps it"() {
        given:
        Container c = store.create('st-bov', glxc.runtime.api.CreateOptions.template('busybox').withBackend('overlay'))
        Files.writeString(c.dir().resolve('overlay/delta/v1'), 'one\n')
        c.snapshot(null)
        Files.writeString(c.dir().resolve('overlay/delta/v2'), 'two\n')
        Container clone = c.copy('st-bov-clone', null, CloneOptions.snapshotClone())

        when:
        c.restoreSnapshot('snap0', null, false)

        then: 'the lower (rootfs/) is untouched, the delta is the snapshot\'s'
        Files.isExecutable(c.dir().resolve('rootfs/bin/busybox'))
        Files.exists(c.dir().resolve('overlay/delta/v1')) && !Files.exists(c.dir().resolve('overlay/delta/v2'))
        execute(c, '/bin/cat', '/v1').stdout == 'one\n'
        c.dependants() == ["st-bov-clone (${storeDir})".toString()]

        when:
        c.destroy(false, true, false)

        then:
        GlxcException e = thrown()
        e.message.contains('st-bov-clone')
        execute(clone, '/bin/cat', '/v1').stdout == 'one\n'
    }

    def "a clone of a container whose rootfs is outside the store is recorded with it"() {
        given:
        Path outside = Files.createTempDirectory('st-outside-')
        Container ext = busybox('st-ext', "lxc.rootfs.path=${outside}".toString())

        when:
        ext.copy('st-ext-clone', null, CloneOptions.snapshotClone())
        ext.destroy(false)

        then:
        GlxcException e = thrown()
        e.message.contains('st-ext-clone')
        Files.isDirectory(outside.resolve('bin'))

        cleanup:
        store.get('st-ext-clone').destroy(true)
        glxc.runtime.storage.FileTrees.delete(outside)
    }

    def "a full copy of an overlay clone is its merged tree, whiteouts applied"() {
        given:
        Container base = busybox('st-fm-base')
        Container clone = base.copy('st-fm-clone', null, CloneOptions.snapshotClone())
        clone.start(LaunchOptions.defaults())
        attach(clone, '/bin/sh', '-c', 'rm /etc/passwd; echo mine > /root/mine')
        clone.stop(StopOptions.clean())

        when:
        Container full = clone.copy('st-fm-full', null, CloneOptions.fullCopy())

        then:
        full.info().backend() == 'dir'
        !Files.exists(full.dir().resolve('rootfs/etc/passwd'))
        Files.readString(full.dir().resolve('rootfs/root/mine')) == 'mine\n'
        Files.isExecutable(full.dir().resolve('rootfs/bin/busybox'))
        !Files.exists(full.dir().resolve('rootfs/etc/.wh.passwd'))
    }

    def "a snapshot keeps the port forwards and the restore puts them back"() {
        given:
        Container c = busybox('st-ports', 'glxc.port.0=18080:80')

        when:
        c.snapshot(null)
        c.setConfigItem('lxc.uts.name', 'changed')
        c.restoreSnapshot('snap0', null, false)

        then:
        c.configPath().readLines().contains('glxc.port.0 = 18080:80')
        c.configPath().readLines().contains('lxc.uts.name = st-ports')
    }

    def "a tree deeper than PATH_MAX is removed with its container"() {
        given:
        Container c = busybox('st-deep')
        sh("cd ${c.dir()}/rootfs/tmp && i=0; while [ \$i -lt 2200 ]; do mkdir d && cd d || exit 1; i=\$((i+1)); done; echo x > f")

        when:
        c.destroy(false)

        then:
        !Files.exists(c.dir())
    }

    private boolean staging() {
        Files.list(storeDir).withCloseable { s -> s.anyMatch { it.fileName.toString().startsWith('.glxc-new-st-half') } }
    }

    static String sh(String script) {
        Process p = new ProcessBuilder('/bin/sh', '-c', script).redirectErrorStream(true).start()
        String out = p.inputStream.text
        p.waitFor()
        out
    }
}
