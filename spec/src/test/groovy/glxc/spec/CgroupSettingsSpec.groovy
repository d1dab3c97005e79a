package glxc.spec

import glxc.runtime.api.ConfigException
import glxc.runtime.cgroup.CgroupDriver
import glxc.runtime.cgroup.CgroupSettings
import glxc.runtime.cgroup.Translation
import glxc.runtime.cgroup.V2Driver
import glxc.runtime.config.ConfigLine
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/**
 * The v2 driver and the translation between versions, against a fake cgroupfs tree (this kernel keeps
 * cpu, memory, pids and io on v1), as on a pure v2 host: no v1 driver at all.
 */
class CgroupSettingsSpec extends Specification {
    Path root = Files.createTempDirectory('cgroup2')
    V2Driver v2 = new V2Driver(root, 'c1')

    def setup() {
        Files.createDirectories(root.resolve('glxc/c1'))
        root.resolve('glxc/cgroup.subtree_control').text = 'cpuset cpu io memory hugetlb pids\n'
        ['memory.max', 'memory.low', 'memory.swap.max', 'cpu.weight', 'cpu.max', 'pids.max', 'io.weight', 'io.max',
         'cpuset.cpus', 'hugetlb.2MB.max', 'cgroup.freeze'].each { root.resolve("glxc/c1/${it}").text = '' }
        root.resolve('glxc/c1/cgroup.events').text = 'populated 1\nfrozen 0\n'
    }

    def cleanup() {
        glxc.runtime.storage.FileTrees.delete(root)
    }

    static ConfigLine line(String kv) {
        int eq = kv.indexOf('=')
        new ConfigLine(kv, kv.substring(0, eq), kv.substring(eq + 1), Path.of('config'), 7)
    }

    Map<String, String> resolve(String... lines) {
        new CgroupSettings(null, v2).resolve(lines.collect { line(it) }).collectEntries { [(it.file().fileName.toString()): it.value()] }
    }

    def "v1 keys are translated to v2 files: #v1 -> #file = #value"() {
        expect:
        resolve(v1) == [(file): value]

        where:
        v1                                                  || file              | value
        'lxc.cgroup.memory.limit_in_bytes=256M'             || 'memory.max'      | '256M'
        'lxc.cgroup.memory.limit_in_bytes=-1'               || 'memory.max'      | 'max'
        'lxc.cgroup.memory.soft_limit_in_bytes=128M'        || 'memory.low'      | '128M'
        'lxc.cgroup.cpu.shares=1024'                        || 'cpu.weight'      | '100'
        'lxc.cgroup.cpu.shares=512'                         || 'cpu.weight'      | '50'
        'lxc.cgroup.cpu.cfs_quota_us=50000'                 || 'cpu.max'         | '50000 100000'
        'lxc.cgroup.pids.max=100'                           || 'pids.max'        | '100'
        'lxc.cgroup.cpuset.cpus=0-1'                        || 'cpuset.cpus'     | '0-1'
        'lxc.cgroup.blkio.weight=500'                       || 'io.weight'       | '4950'
        'lxc.cgroup.blkio.throttle.read_bps_device=8:0 1048576' || 'io.max'      | '8:0 rbps=1048576'
        'lxc.cgroup.blkio.throttle.write_iops_device=8:0 0' || 'io.max'          | '8:0 wiops=max'
        'lxc.cgroup.pids.max=-1'                            || 'pids.max'        | 'max'
        'lxc.cgroup.hugetlb.2MB.limit_in_bytes=0'           || 'hugetlb.2MB.max' | '0'
        'lxc.cgroup2.memory.max=64M'                        || 'memory.max'      | '64M'
    }

    def "v2 values translate back to v1 by the same table"() {
        expect:
        Translation.translate('cpu.weight', '100', 1)*.value() == ['1024']
        Translation.translate('memory.max', 'max', 1)*.file() == ['memory.limit_in_bytes']
        Translation.translate('memory.max', 'max', 1)*.value() == ['-1']
        Translation.translate('cpu.max', 'max 100000', 1).collect { "${it.file()}=${it.value()}".toString() } == ['cpu.cfs_period_us=100000', 'cpu.cfs_quota_us=-1']
    }

    def "as LXC does with common.conf, when both versions set devices only the holding version applies"() {
        given: "a v1 driver that holds devices"
        Path v1root = Files.createTempDirectory('cgroup1')
        CgroupDriver v1 = Stub(CgroupDriver) {
            version() >> 1
            hasController('devices') >> true
            folderFor('devices') >> v1root
        }

        when:
        def writes = new CgroupSettings(v1, v2).resolve([line('lxc.cgroup.devices.deny=a'), line('lxc.cgroup2.devices.deny=a'), line('lxc.cgroup.devices.allow=c 1:3 rwm')])

        then:
        writes*.value() == ['a', 'c 1:3 rwm']
        writes.every { it.file().startsWith(v1root) }

        cleanup:
        glxc.runtime.storage.FileTrees.delete(v1root)
    }

    def "on a pure v2 host, device rules are a clear error, not silence; a controller nobody has is named"() {
        when:
        resolve('lxc.cgroup2.devices.deny=a')

        then:
        def e = thrown(ConfigException)
        e.message == 'config:7: lxc.cgroup2.devices.deny: device rules on cgroup v2 need a BPF device program, which glxc cannot load yet'

        when:
        resolve('lxc.cgroup.net_cls.classid=1')

        then:
        def n = thrown(ConfigException)
        n.message == 'config:7: lxc.cgroup.net_cls.classid: no cgroup hierarchy on this host has the net_cls controller'

        when:
        resolve('lxc.cgroup.memory.kmem.limit_in_bytes=1M')

        then:
        def k = thrown(ConfigException)
        k.message.contains('the memory controller is on cgroup v2 here, and memory.kmem.limit_in_bytes has no v2 equivalent')
    }

    def "freezing through cgroup.freeze waits for cgroup.events to say frozen"() {
        given:
        Thread kernel = Thread.start {   // the fake kernel acknowledges a moment later
            for (int i = 0; i < 400 && root.resolve('glxc/c1/cgroup.freeze').text.trim() != '1'; i++) Thread.sleep(5)
            Thread.sleep(50)
            root.resolve('glxc/c1/cgroup.events').text = 'populated 1\nfrozen 1\n'
        }

        when:
        v2.freeze(true)

        then:
        v2.isFrozenOrFreezing()
        root.resolve('glxc/c1/cgroup.freeze').text == '1'

        cleanup:
        kernel.join(1000)
    }

    def "files that combine across versions take their sibling from the same config"() {
        expect: "quota with its period make one cpu.max; memory+swap becomes swap alone, whatever the order"
        resolve('lxc.cgroup.cpu.cfs_period_us=200000', 'lxc.cgroup.cpu.cfs_quota_us=50000') == ['cpu.max': '50000 200000']
        resolve('lxc.cgroup.memory.memsw.limit_in_bytes=384M', 'lxc.cgroup.memory.limit_in_bytes=256M') == ['memory.max': '256M', 'memory.swap.max': (128L << 20).toString()]
        Translation.translate('io.max', '8:0 rbps=1048576 wiops=max', 1).collect { "${it.file()}=${it.value()}".toString() } ==
                ['blkio.throttle.read_bps_device=8:0 1048576', 'blkio.throttle.write_iops_device=8:0 0']
    }

    def "reads convert between versions: v1's unlimited is max, io.weight's default line is a weight"() {
        expect:
        Translation.convertRead('memory.limit_in_bytes', '9223372036854771712', 1, 'memory.max') == 'max'
        Translation.convertRead('io.weight', 'default 100\n8:0 200', 2, 'blkio.weight') == '19'
        Translation.convertRead('cpu.max', 'max 100000', 2, 'cpu.cfs_quota_us') == '-1'
    }

    def "on a pure v2 host a config setting devices for both versions is an error, not two silent skips"() {
        when:
        resolve('lxc.cgroup.devices.deny=a', 'lxc.cgroup2.devices.deny=a')

        then:
        def e = thrown(ConfigException)
        e.message.contains('lxc.cgroup2.devices.deny: device rules on cgroup v2 need a BPF device program')
    }

    def "a bad value names its key; memory+swap without a memory limit says what it needs"() {
        when:
        resolve('lxc.cgroup.cpu.shares=lots')

        then:
        def e = thrown(ConfigException)
        e.message == "config:7: lxc.cgroup.cpu.shares: expected a number, found 'lots'"

        when:
        resolve('lxc.cgroup.memory.memsw.limit_in_bytes=1G')

        then:
        def m = thrown(ConfigException)
        m.message.contains('only with memory.limit_in_bytes set too')
    }
}
