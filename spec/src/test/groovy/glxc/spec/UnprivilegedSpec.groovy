package glxc.spec

import glxc.runtime.api.Container
import glxc.runtime.api.ContainerState
import glxc.runtime.api.StopOptions
import glxc.runtime.kernel.Capabilities
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

/** lxc.idmap: root inside is an unprivileged uid outside; the rootfs is an idmapped mount, not chowned. */
@Timeout(120)
class UnprivilegedSpec extends KernelSpec {
    static final String[] MAPS = ['lxc.idmap=u 0 100000 65536', 'lxc.idmap=g 0 100000 65536']

    def "a busybox system container boots as uid 100000 outside and root inside, and stops"() {
        given:
        Container c = started('un-sys', MAPS)
        int init = c.info().pid()

        when:
        def out = attach(c, '/bin/sh', '-c', 'id -u; cat /proc/self/uid_map; touch /root/made-inside; grep CapBnd /proc/self/status')
        def lines = out.stdout.readLines()

        then: "inside: root, with the maps; outside: init is 100000; what root writes is root's on disk, through the idmapped mount"
        lines[0] == '0'
        lines[1].trim().split(/\s+/) == ['0', '100000', '65536']
        Files.readString(Path.of("/proc/${init}/status")).readLines().find { it.startsWith('Uid:') }.split(/\s+/)[1] == '100000'
        Files.getAttribute(c.dir().resolve('rootfs/root/made-inside'), 'unix:uid') == 0
        (Long.parseLong(lines[2].split(/\s+/)[1], 16) & (1L << Capabilities.parse('sys_admin'))) != 0   // sys_admin over its own namespaces only
        // its cgroup is delegated to its root (systemd makes its own below), within bounds root keeps
        Path v2 = glxc.runtime.cgroup.CgroupLayout.detect().unified().glxcRoot().resolve('un-sys')
        Files.getAttribute(v2.resolve('cgroup.procs'), 'unix:uid') == 100000
        v2.resolve('cgroup.max.depth').text.trim() == '32'
        Files.getAttribute(v2.resolve('cgroup.max.depth'), 'unix:uid') == 0

        when:
        c.stop(StopOptions.timeout(30))

        then:
        c.state() == ContainerState.STOPPED
        HostObjects.cgroups().isEmpty()
    }

    def "an overlay clone of an unprivileged container boots the same way, its writes in its own delta"() {
        given:
        Container base = busybox('un-base', MAPS)
        Container c = base.copy('un-clone', null, glxc.runtime.api.CloneOptions.snapshotClone())
        c.start(glxc.runtime.api.LaunchOptions.defaults())
        int init = c.info().pid()

        when:
        def out = attach(c, '/bin/sh', '-c', 'id -u; touch /root/made-inside; rm /bin/ls; test -e /bin/ls || echo gone')

        then:
        out.stdout.readLines() == ['0', 'gone']
        Files.readString(Path.of("/proc/${init}/status")).readLines().find { it.startsWith('Uid:') }.split(/\s+/)[1] == '100000'
        Files.getAttribute(c.dir().resolve('overlay/delta/root/made-inside'), 'unix:uid') == 0
        !Files.exists(base.dir().resolve('rootfs/root/made-inside'))
        Files.exists(base.dir().resolve('rootfs/bin/ls'), java.nio.file.LinkOption.NOFOLLOW_LINKS)
        HostObjects.mounts(storeDir).isEmpty()

        when:
        c.stop(StopOptions.timeout(30))

        then:
        c.state() == ContainerState.STOPPED
    }

    def "an unprivileged application container runs its command as root inside, uid 100000 outside"() {
        given:
        Container c = busybox('un-app', MAPS)

        when:
        def out = execute(c, '/bin/sh', '-c', 'id -u; cat /proc/self/uid_map; echo x > /proc/sys/kernel/hostname && echo WROTE; true')

        then:
        out.stdout.readLines()[0] == '0'
        out.stdout.readLines()[1].trim().startsWith('0')
        !out.stdout.contains('WROTE')
    }

    def "create --unprivileged writes the maps and says where the range comes from; a map without id 0 is refused"() {
        when:
        def r = cli('create', '-n', 'un-cli', '-t', 'busybox', '--unprivileged')

        then:
        r.exit == 0
        r.err.contains('unprivileged: root inside is uid')
        store.existing('un-cli').config().getAll('lxc.idmap').size() == 2
        store.existing('un-cli').config().get('lxc.rootfs.options').get() == 'idmap=container'   // LXC 5 then starts it idmapped too

        when:
        busybox('un-bad', 'lxc.idmap=u 1 100000 65536', 'lxc.idmap=g 0 100000 65536').start(glxc.runtime.api.LaunchOptions.defaults())

        then:
        def e = thrown(glxc.runtime.api.ConfigException)
        e.message.contains('a user namespace needs both a u and a g map for id 0 inside')

        when:
        busybox('un-root', 'lxc.idmap=u 0 0 65536', 'lxc.idmap=g 0 100000 65536').start(glxc.runtime.api.LaunchOptions.defaults())

        then:
        def hostRoot = thrown(glxc.runtime.api.ConfigException)
        hostRoot.message.contains('maps host id 0 into the container')
    }

    def "a range for the user in /etc/subuid and /etc/subgid is what makes containers unprivileged by default"() {
        given:
        Path dir = Files.createTempDirectory('subid')
        dir.resolve('subuid').text = 'alice:200000:65536\nroot:300000:65536\n'
        dir.resolve('subgid').text = 'root:300000:65536\n'

        expect:
        glxc.runtime.api.IdMaps.delegated(dir.resolve('subuid'), dir.resolve('subgid'), 'root').get().definitions() ==
                ['lxc.idmap=u 0 300000 65536', 'lxc.idmap=g 0 300000 65536']
        !glxc.runtime.api.IdMaps.delegated(dir.resolve('subuid'), dir.resolve('subgid'), 'alice').isPresent()   // no gid range

        cleanup:
        glxc.runtime.storage.FileTrees.delete(dir)
    }

    def "attach always joins the user namespace, even when asked for a subset; a rootfs other users can reach is refused"() {
        given:
        Container c = started('un-subset', MAPS)

        when: "only the uts namespace is asked for"
        def out = c.attach(new glxc.runtime.api.AttachOptions(['cat', '/proc/self/uid_map'], EnumSet.of(glxc.runtime.api.Namespace.UTSNAME),
                false, [], [], null, null, null, glxc.runtime.api.AttachOptions.of().piped().stdin(),
                ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.PIPE)).collect()

        then: "it still runs as the container's root, never as the host's"
        out.stdout.trim().split(/\s+/) == ['0', '100000', '65536']

        when: "the store and the container folder are opened to other users"
        Container open = busybox('un-open', MAPS)
        def rwx = java.nio.file.attribute.PosixFilePermissions.fromString('rwxr-xr-x')
        def storeMode = Files.getPosixFilePermissions(storeDir)
        Files.setPosixFilePermissions(storeDir, rwx)
        Files.setPosixFilePermissions(open.dir(), rwx)
        open.start(glxc.runtime.api.LaunchOptions.defaults())

        then:
        def e = thrown(glxc.runtime.api.ConfigException)
        e.message.contains('other users can reach')

        cleanup:
        if (storeMode) Files.setPosixFilePermissions(storeDir, storeMode)
    }

    def "on a filesystem that takes no idmapped mount (ramfs) create gives the files to the container's root on disk, and it boots"() {
        given: "a store on ramfs, which has no idmapped mounts"
        Path dir = Files.createTempDirectory('glxc-ramfs-')
        StorageSpec.sh("mount -t ramfs -o mode=0700 glxc-spec-ramfs ${dir}")
        glxc.runtime.api.Store ramStore = glxc.runtime.api.Store.open(dir)

        when:
        Container c = ramStore.create('un-ram', glxc.runtime.api.CreateOptions.template('busybox').withOverrides(MAPS))
        String ownerOnDisk = StorageSpec.sh("stat -c %u:%g ${dir}/un-ram/rootfs ${dir}/un-ram/rootfs/bin/busybox").trim()
        c.start(glxc.runtime.api.LaunchOptions.defaults())
        def out = attach(c, '/bin/sh', '-c', 'id -u; stat -c %u /bin/busybox; touch /root/made-inside')

        then: "on disk the container's root owns them (LXC's unprivileged layout); inside they are root's"
        ownerOnDisk.readLines() == ['100000:100000', '100000:100000']
        c.config().get('lxc.rootfs.options').isEmpty()

        when: "a rootfs outside the container's folder is never chowned"
        Files.createDirectories(dir.resolve('elsewhere'))
        ramStore.create('un-out', glxc.runtime.api.CreateOptions.template('busybox').withOverrides(MAPS + ["lxc.rootfs.path=dir:${dir}/elsewhere".toString()] as String[]))

        then:
        glxc.runtime.api.GlxcException outside = thrown()
        outside.message.contains('is outside its folder on a filesystem without idmapped mounts: glxc will not chown it')
        !Files.exists(dir.resolve('un-out'))
        out.stdout.readLines() == ['0', '0']
        Files.getAttribute(dir.resolve('un-ram/rootfs/root/made-inside'), 'unix:uid') == 100000
        Files.readString(Path.of("/proc/${c.info().pid()}/status")).readLines().find { it.startsWith('Uid:') }.split(/\s+/)[1] == '100000'

        cleanup:
        HostObjects.destroyAll(ramStore)
        StorageSpec.sh("umount ${dir}")
        Files.deleteIfExists(dir)
    }
}
