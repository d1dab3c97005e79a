package glxc.spec

import glxc.runtime.api.Container
import glxc.runtime.api.GlxcException
import glxc.runtime.api.StopOptions
import spock.lang.Requires

import java.nio.file.Files
import java.nio.file.Path

/** glxc device (lxc-device): host device nodes and network interfaces into a running container, and back. */
class DeviceSpec extends NetnsSpec {

    @Requires({ Files.exists(Path.of('/dev/fuse')) })
    def "/dev/fuse added to a running container opens inside; del takes it away; another container cannot have it meanwhile"() {
        given:
        Container c = started('dev-a', 'lxc.net.0.type=empty')
        Container other = started('dev-b', 'lxc.net.0.type=empty')

        expect:
        attach(c, 'test', '-c', '/dev/fuse').exitCode != 0   // not there yet

        when:
        c.addDevice('/dev/fuse', null)

        then:
        attach(c, 'sh', '-c', 'exec 3<>/dev/fuse && echo opened').stdout.trim() == 'opened'

        when:
        other.addDevice('/dev/fuse', null)

        then:
        GlxcException e = thrown()
        e.message.contains("already in use by container 'dev-a'")

        when:
        c.removeDevice('/dev/fuse')

        then:
        attach(c, 'ls', '/dev/fuse').exitCode != 0
    }

    @Requires({ Files.exists(Path.of('/dev/fuse')) })
    def "in an unprivileged container too, and at a path whose folders do not exist yet"() {
        given:
        Container c = started('dev-unpriv', (['lxc.net.0.type=empty'] + (UnprivilegedSpec.MAPS as List)) as String[])

        when:
        c.addDevice('/dev/fuse', '/dev/misc/fuse')

        then:
        attach(c, 'sh', '-c', 'test -c /dev/misc/fuse && echo there').stdout.trim() == 'there'

        when:
        c.removeDevice('/dev/misc/fuse')

        then:
        attach(c, 'test', '-e', '/dev/misc/fuse').exitCode != 0
    }

    def "a host interface moves in under a new name, carries an address there, and returns to the host on del and on stop"() {
        given:
        TestNetns.run('ip', 'link', 'add', 'glxcspecdev0', 'type', 'veth', 'peer', 'name', 'glxcspecdev1')
        Container c = started('dev-net', 'lxc.net.0.type=empty')

        when:
        c.addDevice('glxcspecdev0', 'eth1')

        then:
        TestNetns.tryRun('ip', 'link', 'show', 'glxcspecdev0').exit != 0
        attach(c, 'sh', '-c', 'ip link set eth1 up && ip addr add 10.213.40.2/24 dev eth1 && ip -o -4 addr show eth1').stdout.contains('10.213.40.2/24')

        when:
        c.removeDevice('eth1')

        then:
        TestNetns.run('ip', 'link', 'show', 'glxcspecdev0').contains('glxcspecdev0')
        !attach(c, 'ip', 'link').stdout.contains('eth1')

        when: "moved in again and the container stops: it comes back under its own name"
        c.addDevice('glxcspecdev0', 'eth1')
        c.stop(StopOptions.killNow())

        then:
        TestNetns.run('ip', 'link', 'show', 'glxcspecdev0').contains('glxcspecdev0')

        cleanup:
        TestNetns.tryRun('ip', 'link', 'del', 'glxcspecdev0')
    }

    def "a device that is not there, or not a device, is refused with a reason"() {
        given:
        Container c = started('dev-bad', 'lxc.net.0.type=empty')

        when:
        c.addDevice(what, null)

        then:
        GlxcException e = thrown()
        e.message.contains(message)

        where:
        what          | message
        '/dev/nosuch' | 'no device /dev/nosuch'
        '/etc/passwd' | 'is not a device node'
        'glxcnosuch0' | "no network interface 'glxcnosuch0'"
    }
}
