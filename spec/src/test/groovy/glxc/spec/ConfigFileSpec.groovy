package glxc.spec

import glxc.runtime.api.ConfigException
import glxc.runtime.config.ConfigFile
import glxc.runtime.config.ConfigKeys
import glxc.runtime.config.ContainerConfig
import glxc.runtime.config.MountEntry
import glxc.runtime.config.MountFlags
import glxc.runtime.kernel.Capabilities
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/** LXC's config format, parsed and rewritten (pure logic: no kernel). */
class ConfigFileSpec extends Specification {
    Path dir = Files.createTempDirectory('cfg')

    def cleanup() {
        glxc.runtime.storage.FileTrees.delete(dir)
    }

    def "a rewrite keeps comments, blank lines and order and touches only the changed line"() {
        given:
        Path f = dir.resolve('config')
        f.text = '# my container\nlxc.uts.name = a\n\n  # spaced comment\nlxc.tty.max=4\nlxc.mount.entry = /a a none bind 0 0\n'
        ConfigFile c = ConfigFile.read(f)

        when:
        c.set('lxc.tty.max', '2')
        c.append('lxc.mount.entry', '/b b none bind 0 0')
        c.write()

        then:
        f.text == '# my container\nlxc.uts.name = a\n\n  # spaced comment\nlxc.tty.max = 2\nlxc.mount.entry = /a a none bind 0 0\nlxc.mount.entry = /b b none bind 0 0\n'
    }

    def "values lose LXC's optional quotes and surrounding space"() {
        expect:
        ContainerConfig.of(ConfigFile.parse(null, 'lxc.uts.name = "web"\nlxc.init.cwd=  /srv  \n'), []).with {
            hostname().get() == 'web' && initCwd() == '/srv'
        }
    }

    def "an unknown key names file, line and key, with a suggestion"() {
        given:
        Path f = dir.resolve('config')
        f.text = 'lxc.uts.name = a\nlxc.rootfs.pth = /x\n'

        when:
        ConfigFile.read(f)

        then:
        def e = thrown(ConfigException)
        e.message == "${f}:2: lxc.rootfs.pth: unknown config key (did you mean 'lxc.rootfs.path'?)".toString()
        e.line() == 2
        e.key() == 'lxc.rootfs.pth'
    }

    def "a bad value names its key: #line"() {
        when:
        ConfigFile.parse(Path.of('c'), line)

        then:
        def e = thrown(ConfigException)
        e.message.startsWith(line.contains('=') ? "c:1: ${line.split('=')[0].trim()}: " : 'c:1: ')
        e.message.contains(fragment)

        where:
        line                                || fragment
        'lxc.tty.max = many'                || "expected a number, found 'many'"
        'lxc.signal.halt = SIGNOPE'         || 'no such signal'
        'lxc.cap.drop = sys_nothing'        || 'no such capability'
        'lxc.prlimit.nofile = 10:x'         || 'expected N, SOFT:HARD or unlimited'
        'lxc.mount.entry = /a'              || 'expected'
        'lxc.mount.auto = proc:sideways'    || 'unknown mode'
        'lxc.net.0.type = wormhole'         || 'unknown network type'
        'lxc.rootfs.path = relative/path'   || 'expected an absolute path'
        'lxc.uts.name = bad_host!'          || 'not a valid hostname'
        'nonsense'                          || "expected 'key = value'"
    }

    def "lxc.include pulls in a file or a folder of *.conf where it stands"() {
        given:
        dir.resolve('common.conf').text = 'lxc.tty.max = 1\nlxc.mount.entry = /a a none bind 0 0\n'
        Files.createDirectories(dir.resolve('conf.d'))
        dir.resolve('conf.d/10-x.conf').text = 'lxc.mount.entry = /b b none bind 0 0\n'
        dir.resolve('conf.d/ignored.txt').text = 'not = a key\n'
        dir.resolve('config').text = 'lxc.include = common.conf\nlxc.tty.max = 3\nlxc.include = ' + dir.resolve('conf.d') + '\n'

        when:
        ContainerConfig c = ContainerConfig.of(ConfigFile.read(dir.resolve('config')), [])

        then:
        c.ttyMax() == 3
        c.getAll('lxc.mount.entry') == ['/a a none bind 0 0', '/b b none bind 0 0']
    }

    def "list keys accumulate, an empty value clears, -s overrides come last"() {
        given:
        ConfigFile f = ConfigFile.parse(null, 'lxc.cap.drop = sys_admin\nlxc.cap.drop =\nlxc.cap.drop = mknod\nlxc.tty.max = 1\nlxc.net.0.type = veth\nlxc.net =\n')

        when:
        ContainerConfig c = ContainerConfig.of(f, [ContainerConfig.override('lxc.tty.max=5'), ContainerConfig.override('lxc.cap.drop=net_raw')])

        then:
        c.getAll('lxc.cap.drop') == ['mknod', 'net_raw']
        c.ttyMax() == 5
        c.networkTypes().isEmpty()
    }

    def "without lxc.cap.drop or keep, LXC's common.conf drop set applies; keep drops everything else"() {
        expect:
        long dflt = ContainerConfig.of(ConfigFile.parse(null, ''), []).capabilitiesKept(false)
        (dflt & (1L << Capabilities.parse('sys_module'))) == 0
        (dflt & (1L << Capabilities.parse('sys_rawio'))) == 0
        (dflt & (1L << Capabilities.parse('sys_admin'))) == 0
        (dflt & (1L << Capabilities.parse('net_admin'))) != 0
        ContainerConfig.of(ConfigFile.parse(null, 'lxc.cap.keep = chown kill'), []).capabilitiesKept(false) == ((1L << 0) | (1L << 5))
        ContainerConfig.of(ConfigFile.parse(null, 'lxc.cap.keep = chown kill'), []).capabilitiesKept(true) == ((1L << 0) | (1L << 5))
        Long.bitCount(ContainerConfig.of(ConfigFile.parse(null, ''), []).capabilitiesKept(true)) == 11
    }

    def "mount entries parse LXC's options"() {
        when:
        MountEntry m = MountEntry.parse('/srv/data srv/data none ro,bind,create=dir,optional,nosuid 0 0')

        then:
        m.source() == '/srv/data'
        m.target() == 'srv/data'
        m.flags() == (MountFlags.BIND | MountFlags.RDONLY | MountFlags.NOSUID)
        m.create() == MountEntry.Create.DIR
        m.optional()
        MountEntry.parse('tmpfs tmp tmpfs size=10m,mode=1777').data() == 'size=10m,mode=1777'
        MountEntry.parse('/x /var/lib/glxc/c/rootfs/x none bind').relativeTo('/var/lib/glxc/c/rootfs').target() == 'x'
    }

    def "every key in the table has a note, and patterns cover LXC's indexed keys"() {
        expect:
        ConfigKeys.all().every { it.note() }
        ConfigKeys.find('lxc.net.3.ipv4.address').isPresent()
        ConfigKeys.find('lxc.cgroup2.memory.max').get().support() == ConfigKeys.Support.APPLIED
        ConfigKeys.find('lxc.cgroup.hugetlb.2MB.limit_in_bytes').isPresent()
        ConfigKeys.find('lxc.sysctl.net.ipv4.ip_forward').get().support() == ConfigKeys.Support.LATER
        ConfigKeys.find('lxc.apparmor.profile').get().support() == ConfigKeys.Support.WARN
        !ConfigKeys.find('lxc.prlimit.bogus').isPresent()
    }
}
