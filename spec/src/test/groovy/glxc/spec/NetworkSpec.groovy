package glxc.spec

import glxc.runtime.api.ConfigException
import glxc.runtime.api.Container
import glxc.runtime.api.ContainerState
import glxc.runtime.api.GlxcException
import glxc.runtime.api.LaunchOptions
import glxc.runtime.api.StopOptions
import glxc.runtime.net.Cidr
import spock.lang.Requires

import java.nio.file.Files

/**
 * Networking on the real kernel, inside a network namespace this spec makes (TestNetns): bridges, veth
 * pairs, DHCP and DNS from a real dnsmasq, NAT and port forwards through real nft rules, and a second
 * namespace ("outside") standing for the world beyond the host. Nothing touches the machine's network.
 */
class NetworkSpec extends NetnsSpec {
    def "two containers on one bridge ping each other by address; info shows the address and link counters"() {
        given:
        store.networks().create('glxcbr1', '10.213.1.1/24', false, false)
        Container a = started('na', veth('glxcbr1', '10.213.1.10/24') + ['lxc.net.0.ipv6.address=fd00:213:1::10/64'] as String[])
        Container b = started('nb', veth('glxcbr1', '10.213.1.11/24'))

        expect: "each sees the other, and the host sides are glxc-named veths on the bridge"
        attach(a, 'ping', '-c1', '-W3', '10.213.1.11').exitCode == 0
        attach(b, 'ping', '-c1', '-W3', '10.213.1.10').exitCode == 0
        a.info().ipv4() == ['10.213.1.10']
        a.info().ipv6() == ['fd00:213:1:0:0:0:0:10']
        a.info().links()*.name() == ['eth0']
        a.info().links()[0].txBytes() > 0
        bridgePorts('glxcbr1').size() == 2
        bridgePorts('glxcbr1').every { it.startsWith('glxc') }

        and: "inside: eth0 with the address, a default route through the bridge, nothing of the host's"
        attach(a, 'ip', '-o', '-4', 'addr', 'show', 'eth0').stdout.contains('10.213.1.10/24')
        attach(a, 'ip', 'route').stdout.contains('default via 10.213.1.1 dev eth0')
        !attach(a, 'ip', 'link').stdout.contains('glxcspecout')

        when: "a container stops, its host side is gone when stop returns"
        a.stop(StopOptions.killNow())

        then:
        bridgePorts('glxcbr1').size() == 1
        !Files.exists(a.paths().network())
    }

    def "with DHCP and DNS on, a container without an address gets a lease and the containers reach each other by name"() {
        given:
        store.networks().create('glxcbr2', '10.213.2.1/24', false, true)
        Container web = started('web', veth('glxcbr2', '10.213.2.10/24'))
        Container app = started('app', veth('glxcbr2'))
        String leased = app.info().ipv4()[0]

        expect: "the lease is in the subnet, recorded by dnsmasq under the container's name, never the static address"
        Cidr.parse('10.213.2.0/24').contains(Cidr.address(leased))
        leased != '10.213.2.10' && leased != '10.213.2.1'
        storeDir.resolve('.glxc-networks/glxcbr2/dnsmasq.leases').text.contains("${leased} app")

        and: "by name, both ways; the default route came with the lease"
        attach(app, 'ping', '-c1', '-W3', 'web').exitCode == 0
        attach(web, 'ping', '-c1', '-W3', 'app').exitCode == 0
        attach(app, 'ip', 'route').stdout.contains('default via 10.213.2.1')

        when: "restarted, the container keeps its address (its MAC is stable)"
        app.stop(StopOptions.killNow())
        app.start(LaunchOptions.defaults())

        then:
        app.info().ipv4() == [leased]
    }

    def "an unprivileged container owns its network namespace: a lease, port 80, its own MTU, and stop -r keeps it"() {
        given:
        store.networks().create('glxcbr10', '10.213.10.1/24', false, true)
        Container c = started('unpriv-net', veth('glxcbr10') + (UnprivilegedSpec.MAPS as List) as String[])
        String leased = c.info().ipv4()[0]

        expect:
        Cidr.parse('10.213.10.0/24').contains(Cidr.address(leased))
        attach(c, 'sh', '-c', 'httpd -p 80 -h / && ip link set eth0 mtu 1400 && ip link show eth0').stdout.contains('mtu 1400')
        attach(c, 'ping', '-c1', '-W3', '10.213.10.1').exitCode == 0

        when:
        int before = c.info().pid()
        c.stop(StopOptions.reboot(30))

        then:
        c.state() == ContainerState.RUNNING
        c.info().pid() != before
        c.info().ipv4() == [leased]
    }

    def "behind a NAT network a container reaches the outside, which sees the host's address"() {
        given: "a server outside that answers with the address it sees"
        store.networks().create('glxcbr3', '10.213.3.1/24', true, false)
        ServerSocket server = outside.inside { new ServerSocket(9000, 4, InetAddress.getByName('10.213.200.2')) }
        Thread.startDaemon {
            while (!server.closed) {
                try {
                    server.accept().withCloseable { it.outputStream << "${it.inetAddress.hostAddress}\n" }
                } catch (IOException ignored) {
                }
            }
        }
        Container c = started('natted', veth('glxcbr3', '10.213.3.10/24'))

        when:
        def out = attach(c, 'nc', '10.213.200.2', '9000')

        then: "the connection came from the host's outside address, not the container's"
        out.stdout.trim() == '10.213.200.1'

        when: "the network goes, so does its masquerade rule"
        c.destroy(true)
        store.networks().delete('glxcbr3', false)

        then:
        !TestNetns.hasGlxcTable()

        cleanup:
        server?.close()
    }

    def "a port forward carries a request from outside to a server in the container, and stops when removed"() {
        given:
        store.networks().create('glxcbr4', '10.213.4.1/24', false, false)
        Container c = started('served', veth('glxcbr4', '10.213.4.10/24'))
        attach(c, 'sh', '-c', 'mkdir -p /www && echo hello-from-served > /www/index.html && httpd -p 80 -h /www')
        def fetch = {   // a client outside, through the host's address
            outside.inside {
                try {
                    Socket s = new Socket()
                    s.connect(new InetSocketAddress('10.213.200.1', 8080), 3000)
                    s.withCloseable { it.outputStream << 'GET / HTTP/1.0\r\n\r\n'; it.inputStream.text }
                } catch (IOException e) {
                    "failed: ${e.message}".toString()
                }
            }
        }

        when:
        c.addPort('8080:80')

        then:
        c.ports()*.toString() == ['8080:80/tcp']
        fetch().endsWith('hello-from-served\n')

        when:
        c.removePort('8080:80')

        then:
        fetch().startsWith('failed: ')
        c.ports().isEmpty()
        !TestNetns.hasGlxcTable()
    }

    def "a glxc.port key is forwarded at start and removed at stop"() {
        given:
        store.networks().create('glxcbr5', '10.213.5.1/24', false, false)
        Container c = started('keyed', veth('glxcbr5', '10.213.5.10/24') + ['glxc.port.0=8081:80'] as String[])

        expect:
        TestNetns.run('nft', 'list', 'table', 'ip', 'glxc').contains('dnat to 10.213.5.10:80')

        when:
        c.stop(StopOptions.killNow())

        then:
        !TestNetns.hasGlxcTable()
    }

    def "the command line: network create and ls, a container on it in ls --fancy, port add, ls and del"() {
        expect:
        cli('network', 'create', 'glxcbr11', '--ipv4', '10.213.11.1/24', '--nat').exit == 0
        cli('network', 'ls').out.readLines()[1].split(/\s+/) as List == ['glxcbr11', '10.213.11.1/24', 'yes', 'no', 'UP', '0']
        cli('create', '-n', 'cliweb', '-t', 'busybox', '-s', 'lxc.net.0.type=veth', '-s', 'lxc.net.0.link=glxcbr11',
                '-s', 'lxc.net.0.ipv4.address=10.213.11.10/24', '-s', 'lxc.net.0.ipv4.gateway=auto', '-s', 'lxc.net.0.flags=up').exit == 0
        cli('start', '-n', 'cliweb', '-d').exit == 0
        cli('ls', '--fancy').out.readLines().find { it.startsWith('cliweb') }.contains('10.213.11.10')
        cli('info', '-n', 'cliweb').out.contains('Link:           eth0')
        cli('port', '-n', 'cliweb', 'add', '8082:80').exit == 0
        cli('port', '-n', 'cliweb', 'ls').out.trim() == '8082:80/tcp'
        store.get('cliweb').configFile().text().contains('glxc.port.0 = 8082:80/tcp')
        cli('port', '-n', 'cliweb', 'add', '8082:81').err.contains("host port 8082/tcp is already forwarded to container 'cliweb'")
        cli('network', 'delete', 'glxcbr11').err.contains('in use by 1 interface')
        cli('port', '-n', 'cliweb', 'del', '8082:80').exit == 0
        !store.get('cliweb').configFile().text().contains('glxc.port')
    }

    def "an application container (execute) gets its network too"() {
        given: "a server on the host's side of the bridge (this thread is in the spec's namespace)"
        store.networks().create('glxcbr12', '10.213.12.1/24', false, false)
        ServerSocket server = new ServerSocket(7000, 4, InetAddress.getByName('10.213.12.1'))
        Thread.startDaemon { server.accept().withCloseable { it.outputStream << 'hello-from-host\n' } }
        Container c = busybox('app-net', veth('glxcbr12', '10.213.12.10/24'))

        when: "(no ping here: application containers have no CAP_NET_RAW, as in Podman)"
        def out = execute(c, 'sh', '-c', 'ip -o -4 addr show eth0; nc 10.213.12.1 7000 </dev/null')

        then:
        out.exitCode == 0
        out.stdout.contains('10.213.12.10/24')
        out.stdout.contains('hello-from-host')
        bridgePorts('glxcbr12').isEmpty()   // gone with the command

        cleanup:
        server?.close()
    }

    def "type empty has only lo; type none shares the host's network"() {
        when:
        Container empty = started('only-lo', 'lxc.net.0.type=empty')
        Container shared = started('hostnet', 'lxc.net.0.type=none')

        then:
        attach(empty, 'ip', '-o', 'link').stdout.readLines()*.split(':')*.getAt(1)*.trim() == ['lo']
        attach(shared, 'ip', '-o', 'link').stdout.contains('glxcspecout')
    }

    def "macvlan on a host interface, and a phys interface moved in"() {
        given:
        // this kernel has no dummy module: veth ends stand for the host's NICs
        TestNetns.run('ip', 'link', 'add', 'glxcspecd0', 'type', 'veth', 'peer', 'name', 'glxcspecd0p')
        TestNetns.run('ip', 'link', 'set', 'glxcspecd0', 'up')
        TestNetns.run('ip', 'link', 'add', 'glxcspecd1', 'type', 'veth', 'peer', 'name', 'glxcspecd1p')

        when:
        Container c = started('stacked', 'lxc.net.0.type=macvlan', 'lxc.net.0.link=glxcspecd0', 'lxc.net.0.macvlan.mode=bridge',
                'lxc.net.0.ipv4.address=10.213.6.10/24', 'lxc.net.0.flags=up', 'lxc.net.0.hwaddr=02:00:00:00:06:0a',
                'lxc.net.1.type=phys', 'lxc.net.1.link=glxcspecd1', 'lxc.net.1.name=phys0', 'lxc.net.1.mtu=1400')
        String links = attach(c, 'ip', 'link').stdout

        then:
        links.contains('eth0@') && links.contains('02:00:00:00:06:0a')
        TestNetns.run('nsenter', "--net=/proc/${c.info().pid()}/ns/net", 'ip', '-d', 'link', 'show', 'eth0').contains('macvlan mode bridge')
        links.find(/phys0.*mtu 1400/)
        c.info().ipv4() == ['10.213.6.10']
        TestNetns.tryRun('ip', 'link', 'show', 'glxcspecd1').exit != 0   // moved, not copied

        when: "stopped, the phys device comes back under its own name (the kernel alone would have destroyed this virtual one)"
        c.stop(StopOptions.killNow())

        then:
        TestNetns.run('ip', 'link', 'show', 'glxcspecd1').contains('glxcspecd1')

        cleanup:
        TestNetns.tryRun('ip', 'link', 'del', 'glxcspecd0')
        TestNetns.tryRun('ip', 'link', 'del', 'glxcspecd1')
    }

    @Requires({ TestNetns.kernelHas('vlan') })
    def "a vlan on a host interface"() {
        given:
        TestNetns.run('ip', 'link', 'add', 'glxcspecd2', 'type', 'veth', 'peer', 'name', 'glxcspecd2p')

        when:
        Container c = started('tagged', 'lxc.net.0.type=vlan', 'lxc.net.0.link=glxcspecd2', 'lxc.net.0.vlan.id=42', 'lxc.net.0.name=vlan42')

        then:
        attach(c, 'cat', '/proc/net/vlan/vlan42').stdout.contains('VID: 42')

        cleanup:
        TestNetns.tryRun('ip', 'link', 'del', 'glxcspecd2')
    }

    def "bad network input is refused with the key named, and a failed start leaves no veth, cgroup or namespace"() {
        given:
        store.networks().create('glxcbr7', '10.213.7.1/24', false, false)
        started('holder', veth('glxcbr7', '10.213.7.10/24'))
        Container c = busybox('badnet', veth('glxcbr7', '10.213.7.11/24'))

        when: "an unknown bridge"
        c.start(LaunchOptions.defaults().withOverrides(['lxc.net.0.link=glxcnosuch']))

        then:
        ConfigException e1 = thrown()
        e1.message.contains("lxc.net.0.link") && e1.message.contains("bridge 'glxcnosuch' does not exist")

        when: "an address a running container holds"
        c.start(LaunchOptions.defaults().withOverrides(['lxc.net.0.ipv4.address=10.213.7.10/24']))

        then:
        ConfigException e2 = thrown()
        e2.message.contains("already used on glxcbr7 by running container 'holder'")

        when: "a gateway on an interface left down"
        c.start(LaunchOptions.defaults().withOverrides(['lxc.net.0.flags=']))

        then:
        ConfigException e3 = thrown()
        e3.message.contains('lxc.net.0.flags')

        and: "nothing of the failed starts is left: one veth on the bridge (holder's), no cgroup, STOPPED"
        bridgePorts('glxcbr7').size() == 1
        c.state() == ContainerState.STOPPED
        HostObjects.cgroups()*.fileName*.toString().unique() == ['holder']

        when: "invalid values are refused when read"
        busybox('bad2', 'lxc.net.0.type=veth', "lxc.net.0.${key}=${value}".toString())

        then:
        ConfigException e4 = thrown()
        e4.message.contains("lxc.net.0.${key}") && e4.message.contains(message)

        where:
        key            | value                      | message
        'ipv4.address' | '10.213.7.300/24'          | "invalid IP address '10.213.7.300'"
        'ipv4.address' | '10.213.7.5/33'            | 'prefix length'
        'name'         | 'averyveryverylongname0'   | 'must be 1 to 15 bytes'
        'veth.pair'    | 'glxc/evil'                | 'invalid interface name'
        'hwaddr'       | '00:16:3e:zz:00:01'        | 'invalid MAC address'
        'type'         | 'wifi'                     | "unknown network type 'wifi'"
    }

    def "network create refuses bad input and leaves nothing; a missing dnsmasq names its package"() {
        when:
        store.networks().create(name, address, false, dhcp)

        then:
        GlxcException e = thrown()
        e.message.contains(message)
        TestNetns.glxcLinks().isEmpty()
        !Files.exists(storeDir.resolve('.glxc-networks'))

        where:
        name                      | address          | dhcp | message
        'glxcbr8'                 | '10.213.8.1'     | false | 'ADDRESS/PREFIX'
        'glxcbr8'                 | '10.213.8.0/24'  | false | 'not a host address'
        'glxcbr8'                 | '10.213.200.9/24' | false | 'overlaps 10.213.200.1/24'
        'glxcbrisfartoolong0'     | '10.213.8.1/24'  | false | 'must be 1 to 15 bytes'
    }

    def "without dnsmasq a DHCP network is refused with the package to install, before anything is made"() {
        given:
        System.setProperty('glxc.program.path', '/nonexistent')

        when:
        store.networks().create('glxcbr9', '10.213.9.1/24', false, true)

        then:
        GlxcException e = thrown()
        e.message.contains('dnsmasq is not installed') && e.message.contains('dnsmasq-base')
        TestNetns.glxcLinks().isEmpty()

        cleanup:
        System.clearProperty('glxc.program.path')
    }
}
