package glxc.spec

import glxc.runtime.api.CloneOptions
import glxc.runtime.api.Container
import glxc.runtime.api.CreateOptions
import glxc.runtime.api.GlxcException
import glxc.runtime.api.LaunchOptions
import glxc.runtime.api.StopOptions
import glxc.runtime.api.Store
import spock.lang.IgnoreIf
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

/**
 * The btrfs backend on a real btrfs: a 300 MiB image on a loop device, mounted for this spec only (the
 * spec makes and removes it; glxc itself mounts nothing on the host).
 */
@Timeout(120)
@IgnoreIf({ !Files.isExecutable(Path.of('/usr/sbin/mkfs.btrfs')) || !Files.exists(Path.of('/dev/loop-control')) || !Files.readString(Path.of('/proc/filesystems')).contains('btrfs') })
class BtrfsSpec extends Specification {
    @Shared Path image, mountPoint
    @Shared String loop
    @Shared Store store

    def setupSpec() {
        image = Files.createTempFile('btrfs-spec-', '.img')
        mountPoint = Files.createTempDirectory('btrfs-spec-')   // not glxc-named: the leak check looks for those
        sh("truncate -s 300M ${image} && mkfs.btrfs -q ${image}")
        loop = sh("losetup -f --show ${image}").trim()
        sh("mount -t btrfs ${loop} ${mountPoint}")
        store = Store.open(mountPoint.resolve('store'))
    }

    def cleanupSpec() {
        try {
            HostObjects.destroyAll(store)
            HostObjects.assertNothingLeft(mountPoint.resolve('store'))
        } finally {
            sh("umount ${mountPoint}; losetup -d ${loop}; rm -f ${image}; rmdir ${mountPoint}")
        }
    }

    def cleanup() {
        HostObjects.destroyAll(store)
    }

    def "create -B btrfs makes the rootfs a subvolume, and the container starts"() {
        when:
        Container c = store.create('bt-one', CreateOptions.template('busybox').withBackend('btrfs'))

        then:
        c.configPath().readLines().contains("lxc.rootfs.path = btrfs:${c.dir()}/rootfs".toString())
        sh("stat -c %i ${c.dir()}/rootfs").trim() == '256'
        execute(c, 'hostname') == 'bt-one\n'
        c.info().backend() == 'btrfs'
    }

    def "a snapshot clone is a btrfs snapshot: independent of its original, which can go first"() {
        given:
        Container base = store.create('bt-base', CreateOptions.template('busybox').withBackend('btrfs'))

        when:
        Container clone = base.copy('bt-clone', null, CloneOptions.snapshotClone())
        Files.writeString(clone.dir().resolve('rootfs/only-clone'), 'x')

        then:
        clone.configPath().readLines().contains("lxc.rootfs.path = btrfs:${clone.dir()}/rootfs".toString())
        !Files.exists(base.dir().resolve('rootfs/only-clone'))
        base.dependants().isEmpty()

        when:
        base.destroy(false)

        then:
        execute(clone, 'cat', '/only-clone') == 'x'
    }

    def "snapshots and restore of a btrfs container; a dir container copied into a subvolume with -B btrfs"() {
        given:
        Container c = store.create('bt-snap', CreateOptions.template('busybox').withBackend('btrfs'))
        c.snapshot('clean')
        Files.writeString(c.dir().resolve('rootfs/later'), 'later')

        when:
        c.restoreSnapshot('snap0', null, false)

        then:
        c.snapshots()[0].backend() == 'btrfs'
        !Files.exists(c.dir().resolve('rootfs/later'))
        execute(c, 'hostname') == 'bt-snap\n'

        when:
        Container d = store.create('bt-dir', CreateOptions.template('busybox'))
        Container copy = d.copy('bt-dircopy', null, new CloneOptions(false, 'btrfs', false, false, false, false))

        then:
        sh("stat -c %i ${copy.dir()}/rootfs").trim() == '256'
        execute(copy, 'hostname') == 'bt-dircopy\n'

        when:
        c.destroy(false, true, false)

        then:
        !Files.exists(c.dir())
    }

    def "-B btrfs where the store is not on btrfs is an error that says so, and leaves nothing"() {
        given:
        Path elsewhere = Files.createTempDirectory('glxc-notbtrfs-')

        when:
        Store.open(elsewhere).create('bt-no', CreateOptions.template('busybox').withBackend('btrfs'))

        then:
        GlxcException e = thrown()
        e.message.contains('needs the store on btrfs')
        !Files.exists(elsewhere.resolve('bt-no'))

        cleanup:
        glxc.runtime.storage.FileTrees.delete(elsewhere)
    }

    static String execute(Container c, String... command) {
        c.execute(LaunchOptions.of(command).piped()).collect().stdout()
    }

    static String sh(String script) {
        Process p = new ProcessBuilder('/bin/sh', '-c', script).redirectErrorStream(true).start()
        String out = p.inputStream.text
        assert p.waitFor() == 0: "${script}: ${out}"
        out
    }
}
