package glxc.spec

import glxc.runtime.api.AttachOptions
import glxc.runtime.api.Container
import glxc.runtime.api.ContainerProcess
import glxc.runtime.api.ContainerState
import glxc.runtime.cgroup.CgroupLayout
import glxc.runtime.cgroup.V2Driver
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

/** Limits that hold, on the real kernel: memory, pids, CPU shares, devices, the freezer, live changes. */
@Timeout(120)
class ResourceSpec extends KernelSpec {

    ContainerProcess background(Container c, String script) {
        c.attach(AttachOptions.of('/bin/sh', '-c', script).withStdio(ProcessBuilder.Redirect.from(new File('/dev/null')),
                ProcessBuilder.Redirect.DISCARD, ProcessBuilder.Redirect.DISCARD))
    }

    /** Waits (up to 10 s on a slow host) until the counter has started. */
    void awaitCounting(Container c) {
        for (int i = 0; i < 500 && counter(c) < 2; i++) Thread.sleep(20)
        assert counter(c) >= 2: 'the counter never started'
    }

    /** The counter the container writes to /tmp/count, read from the host (retried if caught mid-write). */
    long counter(Container c) {
        Path f = c.dir().resolve('rootfs/tmp/count')
        for (int i = 0; i < 50; i++) {
            String t = Files.exists(f) ? f.text.trim() : ''
            if (t) return t as long
            Thread.sleep(5)
        }
        -1
    }

    def "a process allocating past the memory limit is OOM-killed inside; the host and another container go on; info reports it"() {
        given:
        Container small = started('rs-oom', 'lxc.cgroup.memory.limit_in_bytes=32M')
        Container other = started('rs-other')

        when: "a shell holds 100 MB in a variable"
        def out = attach(small, '/bin/sh', '-c', 'x=$(head -c 100000000 /dev/zero | tr "\\\\0" a); echo survived')

        then:
        out.exitCode == 137 || !out.stdout.contains('survived')
        small.state() == ContainerState.RUNNING
        small.info().use().oomKills().getAsLong() >= 1
        cli('info', '-n', 'rs-oom').out =~ /OOM kills:\s+[1-9]/
        attach(other, 'echo', 'fine').stdout == 'fine\n'
    }

    def "a fork bomb is stopped by pids.max and the container stays usable"() {
        given:
        Container c = started('rs-pids', 'lxc.cgroup.pids.max=24')

        when:
        def bomb = attach(c, '/bin/sh', '-c', 'i=0; while [ $i -lt 100 ]; do sleep 2 & i=$((i+1)); done; echo spawned')
        long peak = c.info().use().pids().getAsLong()
        Thread.sleep(2500)

        then: "forks beyond the limit fail inside, the count never passes it"
        bomb.stderr.contains("can't fork")
        !bomb.stdout.contains('spawned')
        peak <= 24
        attach(c, 'echo', 'usable').stdout == 'usable\n'
        c.getCgroupItem('pids.max') == '24'
    }

    def "two busy containers with cpu shares 512 and 1024 on one CPU share it 1:2"() {
        given:
        Container low = started('rs-cpu-low', 'lxc.cgroup.cpuset.cpus=0', 'lxc.cgroup.cpu.shares=512')
        Container high = started('rs-cpu-high', 'lxc.cgroup.cpuset.cpus=0', 'lxc.cgroup.cpu.shares=1024')
        def busy = [low, high].collect { background(it, 'while :; do :; done') }
        Thread.sleep(500)

        when:
        long l0 = low.info().use().cpuNanos().asLong
        long h0 = high.info().use().cpuNanos().asLong
        Thread.sleep(3000)
        long l1 = low.info().use().cpuNanos().asLong
        long h1 = high.info().use().cpuNanos().asLong
        double ratio = (h1 - h0) / (double) (l1 - l0)

        then:
        ratio > 1.6
        ratio < 2.4

        cleanup:
        busy*.signal(9)
    }

    def "a frozen container's counter stands still, and runs again after unfreeze"() {
        given:
        Container c = started('rs-freeze')
        background(c, 'i=0; while :; do i=$((i+1)); echo $i > /tmp/count; sleep 0.02; done')
        awaitCounting(c)

        when:
        c.freeze()
        long a = counter(c)
        Thread.sleep(400)
        long b = counter(c)

        then:
        c.state() == ContainerState.FROZEN
        cli('wait', '-n', 'rs-freeze', '-s', 'FROZEN', '-t', '2').exit == 0
        cli('info', '-n', 'rs-freeze', '-s').out =~ /FROZEN/
        a > 0
        a == b

        when:
        c.unfreeze()
        Thread.sleep(400)

        then:
        c.state() == ContainerState.RUNNING
        counter(c) > b
    }

    def "cgroup v2's cgroup.freeze on the unified mount freezes the container for real"() {
        given:
        CgroupLayout.Hierarchy unified = CgroupLayout.detect().unified()
        Container c = started('rs-v2freeze')
        background(c, 'i=0; while :; do i=$((i+1)); echo $i > /tmp/count; sleep 0.02; done')
        awaitCounting(c)
        def v2 = new V2Driver(unified.mountPoint(), 'rs-v2freeze')

        when:
        v2.freeze(true)
        long a = counter(c)
        Thread.sleep(400)

        then:
        v2.isFrozenOrFreezing()
        c.state() == ContainerState.FROZEN
        counter(c) == a
        Files.readString(unified.mountPoint().resolve('glxc/rs-v2freeze/cgroup.events')).contains('frozen 1')

        when:
        v2.freeze(false)
        Thread.sleep(400)

        then:
        counter(c) > a
    }

    def "a limit changed with cgroup on a running container takes effect at once"() {
        given:
        Container c = started('rs-live')

        when:
        def r = cli('cgroup', '-n', 'rs-live', 'pids.max', '4')
        def out = attach(c, '/bin/sh', '-c', 'sleep 1 & sleep 1 & sleep 1 & sleep 1 & wait; echo done')

        then:
        r.exit == 0
        cli('cgroup', '-n', 'rs-live', 'pids.max').out.trim() == '4'
        out.stderr.contains("can't fork")

        when:
        c.setCgroupItem('memory.max', '48M')   // the v2 name, translated to memory.limit_in_bytes on v1

        then:
        c.getCgroupItem('memory.limit_in_bytes') == (48L << 20).toString()

        when: "cpu.max, one v2 file, is two v1 files"
        c.setCgroupItem('cpu.max', '25000 50000')

        then:
        c.getCgroupItem('cpu.cfs_quota_us') == '25000'
        c.getCgroupItem('cpu.cfs_period_us') == '50000'
        c.getCgroupItem('cpu.max') == '25000 50000'
    }

    def "a block device made inside cannot be opened: LXC's device allowlist"() {
        given:
        Container c = started('rs-dev')

        when:
        def out = attach(c, '/bin/sh', '-c', 'mknod /tmp/sda b 8 0 && echo made; head -c 1 /tmp/sda; echo x > /dev/null && echo null-ok')

        then:
        out.stdout.contains('made')
        out.stderr.contains('Operation not permitted')
        out.stdout.contains('null-ok')
    }

    def "a key that can apply nowhere is an error naming it, and the failed start leaves no cgroup"() {
        given:
        Container bad = busybox('rs-bad', 'lxc.cgroup.memory.no_such_file=1')
        Container rdma = busybox('rs-rdma', 'lxc.cgroup.rdma.max=mlx4_0 hca_handle=2')

        when:
        bad.start(glxc.runtime.api.LaunchOptions.defaults())

        then:
        def e = thrown(glxc.runtime.api.ConfigException)
        e.message.contains('lxc.cgroup.memory.no_such_file')
        e.message.contains('does not exist')
        HostObjects.cgroups().isEmpty()

        when:
        rdma.start(glxc.runtime.api.LaunchOptions.defaults())

        then:
        def r = thrown(glxc.runtime.api.ConfigException)
        r.message.contains('lxc.cgroup.rdma.max: no cgroup hierarchy on this host has the rdma controller')
        HostObjects.cgroups().isEmpty()
    }

    def "an init killed by the OOM killer leaves the container STOPPED and its cgroups gone"() {
        given:
        Container c = busybox('rs-oom-init', 'lxc.cgroup.memory.limit_in_bytes=32M', 'lxc.init.cmd=/hog')
        c.dir().resolve('rootfs/hog').text = '#!/bin/sh\nexec awk \'BEGIN { while (1) s = s sprintf("%100000s", "") }\'\n'
        c.dir().resolve('rootfs/hog').toFile().setExecutable(true)

        when:
        c.start(glxc.runtime.api.LaunchOptions.defaults())
        c.waitFor(EnumSet.of(ContainerState.STOPPED), 20_000)

        then:
        c.state() == ContainerState.STOPPED
        c.info().lastExitStatus() == 137
        !c.cgroups().anyExists()
    }
}
