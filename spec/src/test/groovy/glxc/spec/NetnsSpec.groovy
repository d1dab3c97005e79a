package glxc.spec

import glxc.runtime.api.ContainerEvent
import spock.lang.Shared

import java.nio.file.Files
import java.nio.file.Path

/**
 * Base of the specs that make networks: the spec's thread works inside a network namespace of its own
 * (TestNetns), so every bridge, veth, nft rule and dnsmasq lives there; a second namespace ("outside")
 * stands for the world beyond the host. After each feature nothing glxc made may be left.
 */
abstract class NetnsSpec extends KernelSpec {
    @Shared TestNetns netns
    @Shared TestNetns outside
    @Shared List<String> warnings = Collections.synchronizedList([])

    def setupSpec() {
        String tag = "${ProcessHandle.current().pid()}"
        netns = TestNetns.create("glxc-spec-${tag}")
        outside = TestNetns.create("glxc-spec-out-${tag}")
        netns.enter()
        store.addListener { e -> if (e instanceof ContainerEvent.Warning) warnings << e.message() }
        // the outside world: 10.213.200.2 in its own namespace, reached through the host's 10.213.200.1
        TestNetns.run('ip', 'link', 'add', 'glxcspecout', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', outside.name)
        TestNetns.run('ip', 'addr', 'add', '10.213.200.1/24', 'dev', 'glxcspecout')
        TestNetns.run('ip', 'link', 'set', 'glxcspecout', 'up')
        TestNetns.run('ip', '-n', outside.name, 'addr', 'add', '10.213.200.2/24', 'dev', 'eth0')
        TestNetns.run('ip', '-n', outside.name, 'link', 'set', 'eth0', 'up')
        TestNetns.run('ip', '-n', outside.name, 'link', 'set', 'lo', 'up')
    }

    def cleanup() {
        assert warnings.isEmpty()
        HostObjects.destroyAll(store)
        assert TestNetns.glxcLinks().isEmpty(): "glxc interfaces left behind"
        assert !TestNetns.hasGlxcTable(): "the glxc nft table was left behind"
        assert !Files.exists(storeDir.resolve('.glxc-networks')): "network folders left behind"
        assert !Files.exists(Path.of('/run/glxc/networks')) || Files.list(Path.of('/run/glxc/networks')).count() == 0
    }

    def cleanupSpec() {
        try {
            HostObjects.destroyAll(store)
        } finally {
            netns.leave()
            netns.delete()
            outside.delete()
        }
    }

    static String[] veth(String bridge, String address = null) {
        List<String> o = ['lxc.net.0.type=veth', "lxc.net.0.link=${bridge}".toString(), 'lxc.net.0.flags=up']
        if (address) o += ["lxc.net.0.ipv4.address=${address}".toString(), 'lxc.net.0.ipv4.gateway=auto']
        o as String[]
    }

    List<String> bridgePorts(String bridge) {
        TestNetns.run('ip', '-o', 'link', 'show', 'master', bridge).readLines().collect { it.split(':')[1].trim().split('@')[0] }
    }
}
