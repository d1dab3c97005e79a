package glxc.spec

import spock.lang.Timeout

import glxc.runtime.api.ConfigException
import glxc.runtime.api.Container
import glxc.runtime.api.ContainerState
import glxc.runtime.api.CreateOptions
import glxc.runtime.api.GlxcException
import glxc.runtime.api.LaunchOptions
import glxc.runtime.api.StateException

import java.nio.file.Files
import java.nio.file.Path

/** Every bad input is an error that names what is wrong, and leaves nothing half-made. */
@Timeout(120)
class BadInputSpec extends KernelSpec {

    def "an unknown key in a config file names file, line and key; no folder is left"() {
        given:
        Path conf = Files.createTempFile('bad', '.conf')
        conf.text = 'lxc.uts.name = x\n# comment\nlxc.cap.dorp = sys_admin\n'

        when:
        store.create('bad-key', new CreateOptions('busybox', [], conf, []))

        then:
        def e = thrown(ConfigException)
        e.message == "${conf}:3: lxc.cap.dorp: unknown config key (did you mean 'lxc.cap.drop'?)".toString()
        !Files.exists(storeDir.resolve('bad-key'))

        cleanup:
        Files.deleteIfExists(conf)
    }

    def "invalid names are refused: '#name'"() {
        when:
        store.create(name, CreateOptions.template('busybox'))

        then:
        def e = thrown(GlxcException)
        e.message.startsWith('invalid container name')
        Files.list(storeDir).count() == 0

        where:
        name << ['../x', '', '/', '.', '..', 'a/b', '-x', 'x y']
    }

    def "a missing template names the template; no folder is left"() {
        when:
        store.create('bad-tpl', CreateOptions.template('no-such-template'))

        then:
        def e = thrown(GlxcException)
        e.message.contains("no template 'no-such-template'")
        !Files.exists(storeDir.resolve('bad-tpl'))
    }

    def "a template that fails half-way leaves no folder, and its output is in the error"() {
        given:
        Path script = Files.createTempFile('tpl', '.sh')
        script.text = '''#!/bin/sh
for a in "$@"; do case "$a" in --rootfs=*) rootfs="${a#--rootfs=}";; esac; done
mkdir -p "$rootfs/etc" && echo half > "$rootfs/etc/half"
echo "downloading failed" >&2
exit 3
'''
        script.toFile().setExecutable(true)

        when:
        store.create('bad-half', CreateOptions.template(script.toString()))

        then:
        def e = thrown(GlxcException)
        e.message.contains('failed with exit status 3')
        e.message.contains('downloading failed')
        !Files.exists(storeDir.resolve('bad-half'))

        cleanup:
        Files.deleteIfExists(script)
    }

    def "creating a container that exists is refused and does not touch it"() {
        given:
        Container c = busybox('bad-dup')
        String config = c.configPath().text

        when:
        store.create('bad-dup', CreateOptions.template('busybox'))

        then:
        def e = thrown(GlxcException)
        e.message.contains("container 'bad-dup' already exists")
        c.configPath().text == config
    }

    def "start of a running container and destroy of a running one are refused by name"() {
        given:
        Container c = started('bad-run')

        when:
        c.start(LaunchOptions.defaults())

        then:
        def e = thrown(StateException)
        e.message == "container 'bad-run' is already running"

        when:
        c.destroy(false)

        then:
        def d = thrown(StateException)
        d.message.contains("container 'bad-run' is RUNNING: stop it first, or destroy with -f")
        c.state() == ContainerState.RUNNING

        when:
        c.destroy(true)

        then:
        !Files.exists(storeDir.resolve('bad-run'))
        HostObjects.cgroups().isEmpty()
    }

    def "a missing rootfs is named, and the failed start leaves no cgroup, mount or process"() {
        given:
        Container c = busybox('bad-rootfs')
        glxc.runtime.storage.FileTrees.delete(c.dir().resolve('rootfs'))

        when:
        c.start(LaunchOptions.defaults())

        then:
        def e = thrown(ConfigException)
        e.message.contains("the root filesystem ${storeDir}/bad-rootfs/rootfs does not exist")
        c.state() == ContainerState.STOPPED
    }

    def "a failure inside the shim names the step and errno, and nothing is left"() {
        given: "a mount entry whose source does not exist"
        Container c = busybox('bad-mount', 'lxc.mount.entry=/no/such/dir mnt none bind 0 0')

        when:
        c.start(LaunchOptions.defaults())

        then:
        def e = thrown(glxc.runtime.api.ShimException)
        e.step() == 'mount'
        e.errno() == 2
        e.message.contains('/no/such/dir')
        c.state() == ContainerState.STOPPED
        HostObjects.cgroups().isEmpty()
        HostObjects.mounts(storeDir).isEmpty()
        HostObjects.processes(storeDir).isEmpty()
    }

    def "keys of features still to come are refused at start by name, not ignored"() {
        given:
        Container c = busybox('bad-later', 'lxc.sysctl.net.ipv4.ip_forward=1')

        when:
        c.start(LaunchOptions.defaults())

        then:
        def e = thrown(ConfigException)
        e.message.contains('not supported yet: lxc.sysctl.net.ipv4.ip_forward')
    }

    def "a network type still to come is refused at start; empty works"() {
        given:
        Container veth = busybox('bad-ipvlan', 'lxc.net.0.type=ipvlan', 'lxc.net.0.link=glxcnone')
        Container empty = busybox('ok-empty', 'lxc.net.0.type=empty')

        when:
        veth.start(LaunchOptions.defaults())

        then:
        def e = thrown(ConfigException)
        e.message.contains('not supported yet: lxc.net.0.type = ipvlan')

        expect:
        execute(empty, 'cat', '/proc/net/dev').stdout.readLines().size() == 3
    }

    def "the command line reports errors on stderr with status 1"() {
        given:
        String missing = "glxc: container 'nope' does not exist in ${storeDir}"

        expect:
        with(cli('start', '-n', 'nope')) {
            exit == 1
            err.trim() == missing
        }
        with(cli('start', '-n', 'x', '--bogus')) {
            exit == 1
            err.contains("unknown option '--bogus'")
        }
    }
}
