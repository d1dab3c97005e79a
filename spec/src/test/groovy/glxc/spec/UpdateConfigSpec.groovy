package glxc.spec

import glxc.runtime.api.ConfigException
import glxc.runtime.config.ConfigFile
import glxc.runtime.config.ContainerConfig
import spock.lang.Requires

import java.nio.file.Files
import java.nio.file.Path

/** glxc update-config: an LXC 2.x config rewritten with today's keys, which glxc and LXC 5 both accept. */
class UpdateConfigSpec extends KernelSpec {
    static final String OLD = '''\
# an LXC 2.x container
lxc.utsname = old1
lxc.rootfs = /var/lib/lxc/old1/rootfs
lxc.tty = 4
lxc.network.type = veth
lxc.network.link = lxcbr0
lxc.network.ipv4 = 10.0.3.5/24
lxc.network.flags = up
lxc.network.type = empty
lxc.id_map = u 0 100000 65536
lxc.id_map = g 0 100000 65536
lxc.limit.nofile = 1024
lxc.pivotdir = lxc_putold
'''

    Path dir = Files.createTempDirectory('glxc-update-')
    Path config = dir.resolve('old1/config')

    def setup() {
        Files.createDirectories(config.parent)
        config.text = OLD
    }

    def cleanup() {
        glxc.runtime.storage.FileTrees.delete(dir)
    }

    def "glxc refuses the old keys, naming the new one and the command that rewrites them"() {
        when:
        ConfigFile.read(config)

        then:
        ConfigException e = thrown()
        e.message == "${config}:2: lxc.utsname: a pre-3.0 LXC key (now lxc.uts.name): 'glxc update-config -c FILE' rewrites the file".toString()
    }

    def "update-config rewrites every key, numbers the networks, keeps comments and order, and keeps a backup"() {
        when:
        def r = cli('update-config', '-c', config.toString())
        ContainerConfig c = ContainerConfig.of(ConfigFile.read(config), [])

        then:
        r.exit == 0
        r.out.contains('line 2: lxc.utsname -> lxc.uts.name')
        config.resolveSibling('config.backup').text == OLD
        config.text.readLines()[0] == '# an LXC 2.x container'
        c.hostname().get() == 'old1'
        c.get('lxc.rootfs.path').get() == '/var/lib/lxc/old1/rootfs'
        c.get('lxc.tty.max').get() == '4'
        c.networkTypes() == ['lxc.net.0.type': 'veth', 'lxc.net.1.type': 'empty']
        c.get('lxc.net.0.ipv4.address').get() == '10.0.3.5/24'
        c.getAll('lxc.idmap') == ['u 0 100000 65536', 'g 0 100000 65536']
        c.get('lxc.prlimit.nofile').get() == '1024'
        config.text.contains('# dropped by glxc update-config (LXC 3.0 has no such key): lxc.pivotdir = lxc_putold')

        when: "a second run has nothing to do"
        def again = cli('update-config', '-c', config.toString())

        then:
        again.out.contains('nothing to update')
    }

    def "the file keeps its mode; values glxc would question are LXC's business and pass through"() {
        given:
        config.text = 'lxc.utsname = my_host\nlxc.arch = i686\n'
        java.nio.file.Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString('rw-------'))

        when:
        def r = cli('update-config', '-c', config.toString())

        then:
        r.exit == 0
        config.text == 'lxc.uts.name = my_host\nlxc.arch = i686\n'
        java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(config)) == 'rw-------'
    }

    @Requires({ new File('/usr/bin/lxc-info').exists() })
    def "LXC 5 loads the updated config (and refuses the old one)"() {
        expect:
        TestNetns.tryRun('lxc-info', '-P', dir.toString(), '-n', 'old1').exit == 1

        when:
        cli('update-config', '-c', config.toString())

        then:
        TestNetns.tryRun('lxc-info', '-P', dir.toString(), '-n', 'old1').out.contains('STOPPED')
    }
}
