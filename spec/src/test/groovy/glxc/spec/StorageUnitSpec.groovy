package glxc.spec

import glxc.runtime.api.ConfigException
import glxc.runtime.config.ConfigFile
import glxc.runtime.storage.RootfsSource
import spock.lang.Specification

import java.nio.file.Path

/** lxc.rootfs.path in LXC's syntax: plain, dir:, overlay with one or more lowers; bad values named. */
class StorageUnitSpec extends Specification {

    def "dir and plain paths"() {
        expect:
        RootfsSource.parse(value) == new RootfsSource.Dir(Path.of('/var/lib/glxc/web/rootfs'))

        where:
        value << ['/var/lib/glxc/web/rootfs', 'dir:/var/lib/glxc/web/rootfs', 'dir:/var/lib/glxc/web//rootfs/']
    }

    def "overlay in LXC's layouts: the work folder and the mount point follow the upper"() {
        when:
        def o = RootfsSource.parse(value) as RootfsSource.Overlay

        then:
        o.lowers() == lowers.collect { Path.of(it) }
        o.upper() == Path.of(upper)
        o.work() == Path.of(work)
        o.mountPoint() == Path.of(mount)
        RootfsSource.parse(o.configValue()) == o

        where:
        value                                                    | lowers             | upper                | work                 | mount
        'overlay:/s/base/rootfs:/s/web/overlay/delta'            | ['/s/base/rootfs'] | '/s/web/overlay/delta' | '/s/web/overlay/work' | '/s/web/rootfs'
        'overlayfs:/s/base/rootfs:/s/web/delta0'                 | ['/s/base/rootfs'] | '/s/web/delta0'      | '/s/web/olwork'      | '/s/web/rootfs'
        'overlay:/l/top:/l/mid:/l/bottom:/s/web/overlay/delta'   | ['/l/top', '/l/mid', '/l/bottom'] | '/s/web/overlay/delta' | '/s/web/overlay/work' | '/s/web/rootfs'
    }

    def "the lowerdir option lists the layers topmost first"() {
        expect:
        (RootfsSource.parse('overlay:/a:/b:/s/x/overlay/delta') as RootfsSource.Overlay).lowerdir() == '/a:/b'
    }

    def "bad values are errors that say why, with the config file's line"() {
        when:
        ConfigFile.parse(Path.of('/tmp/c'), "lxc.uts.name = x\nlxc.rootfs.path = ${value}\n")

        then:
        ConfigException e = thrown()
        e.message.contains('/tmp/c:2')
        e.message.contains(reason)

        where:
        value                          | reason
        'overlay:/only'                | 'overlay:/LOWER:/UPPER'
        'overlay:relative:/up'         | 'overlay:/LOWER:/UPPER'
        'lvm:/dev/vg/web'              | 'lvm storage backend is not supported'
        'zfs:pool/x'                   | 'zfs storage backend is not supported'
        'relative/path'                | 'expected an absolute path'
        'overlay:/a,b:/s/x/delta'      | "must not contain ','"
    }
}
