package glxc.spec

import spock.lang.Timeout

import glxc.runtime.api.Container
import glxc.runtime.api.ContainerState
import glxc.runtime.api.StopOptions

import java.nio.file.Files
import java.nio.file.Path

/** A busybox system container started in the background, seen from inside and from the host. */
@Timeout(120)
class SystemContainerSpec extends KernelSpec {

    def "inside, ps shows only the container's processes with init as PID 1"() {
        given:
        Container c = started('sys-ps')

        when:
        def out = attach(c, 'ps', '-o', 'pid,comm')
        def lines = out.stdout.readLines().drop(1)*.trim()

        then:
        out.exitCode == 0
        lines.find { it ==~ /1\s+init/ }
        lines.every { (it.split(/\s+/)[0] as int) < 100 }
        !lines.any { it.contains('java') || it.contains('sshd') || it.contains('bash') }
    }

    def "the hostname is the container's"() {
        given:
        String hostBefore = Path.of('/proc/sys/kernel/hostname').text.trim()
        Container c = started('sys-host', 'lxc.uts.name=webhost')
        Container admin = started('sys-host-admin', 'lxc.uts.name=webhost', 'lxc.cap.drop=sys_module')

        when: "by default a container lacks sys_admin and cannot rename itself; with it, the new name stays inside"
        def refused = attach(c, 'hostname', 'renamed-inside')
        attach(admin, 'hostname', 'renamed-inside')

        then:
        refused.exitCode != 0
        attach(c, 'hostname').stdout.trim() == 'webhost'
        attach(admin, 'hostname').stdout.trim() == 'renamed-inside'
        execute(busybox('sys-host2', 'lxc.uts.name=webhost'), 'hostname').stdout.trim() == 'webhost'
        Path.of('/proc/sys/kernel/hostname').text.trim() == hostBefore
    }

    def "mountinfo shows the rootfs as / and none of the host's mounts"() {
        given:
        Container c = started('sys-mnt')

        when:
        def mounts = attach(c, 'cat', '/proc/self/mountinfo').stdout.readLines()
        def targets = mounts.collect { it.split(' ')[4] }

        then:
        mounts.find { it.split(' ')[4] == '/' }.split(' ')[3] == storeDir.resolve('sys-mnt/rootfs').toString()
        targets.containsAll(['/', '/proc', '/sys', '/dev', '/dev/pts', '/dev/shm'])
        !targets.any { it.startsWith('/work') || it.startsWith('/home') || it.startsWith('/boot') || it.startsWith('/run/') }
    }

    def "the network namespace has only lo"() {
        given:
        Container c = started('sys-net')

        when:
        def devs = attach(c, 'cat', '/proc/net/dev').stdout.readLines().drop(2).collect { it.trim().split(':')[0] }

        then:
        devs == ['lo']
    }

    def "/sys is read-only and /proc/sys too, while the rootfs is writable"() {
        given:
        Container c = started('sys-ro')

        expect:
        attach(c, 'touch', '/sys/kernel/x').stderr.contains('Read-only file system')
        attach(c, 'sh', '-c', 'echo 1 > /proc/sys/kernel/domainname').stderr.contains('Read-only file system')
        attach(c, 'touch', '/tmp/ok').exitCode == 0
    }

    def "a file written in the container appears under the store's rootfs and nowhere else"() {
        given:
        Container c = started('sys-file')
        String marker = "marker-${UUID.randomUUID()}"

        when:
        attach(c, 'sh', '-c', "echo ${marker} > /root/${marker}")

        then:
        Files.readString(storeDir.resolve("sys-file/rootfs/root/${marker}")).trim() == marker
        !Files.exists(Path.of("/root/${marker}"))
    }

    def "a started container survives the glxc process; a new process sees it RUNNING, then STOPPED with nothing left"() {
        when:
        def create = cli('create', '-n', 'sys-cli', '-t', 'busybox')
        def start = cli('start', '-n', 'sys-cli', '-d')
        def ls = cli('ls', '--fancy')
        def info = cli('info', '-n', 'sys-cli')
        Container c = store.existing('sys-cli')
        int pid = c.info().pid()

        then:
        create.exit == 0
        start.exit == 0
        ls.out.readLines()[0].split(/\s+/) as List == ['NAME', 'STATE', 'IPV4', 'IPV6', 'AUTOSTART', 'PID']
        ls.out.readLines()[1].split(/\s+/)[0..1] == ['sys-cli', 'RUNNING']
        info.out =~ /State:\s+RUNNING/
        info.out =~ /PID:\s+${pid}/
        info.out =~ /Memory use:/

        when: "init exits by itself"
        c.kill(9)
        c.waitFor(EnumSet.of(ContainerState.STOPPED), 10_000)

        then:
        c.state() == ContainerState.STOPPED
        cli('info', '-n', 'sys-cli').out =~ /State:\s+STOPPED/
        c.info().lastExitStatus() == 137
        !Files.exists(Path.of("/proc/${pid}"))
        HostObjects.cgroups().isEmpty()
        HostObjects.mounts(storeDir).isEmpty()
        HostObjects.processes(storeDir).isEmpty()
    }

    def "stop halts busybox init with lxc.signal.halt"() {
        given:
        Container c = started('sys-halt')

        when:
        c.stop(StopOptions.timeout(30))

        then:
        c.state() == ContainerState.STOPPED
        c.info().lastExitStatus() == 128 + 2   // a halting init in a pid namespace is reported as killed by SIGINT
        HostObjects.cgroups().isEmpty()
    }

    def "stop falls back to kill after -t when init ignores the halt signal"() {
        given: "sleep as PID 1 has no handler, so the kernel drops SIGTERM sent to it"
        Container c = started('sys-stubborn', 'lxc.init.cmd=/bin/sleep 1000', 'lxc.signal.halt=SIGTERM')

        when:
        long t0 = System.nanoTime()
        c.stop(StopOptions.timeout(1))
        double seconds = (System.nanoTime() - t0) / 1e9

        then:
        c.state() == ContainerState.STOPPED
        seconds >= 1.0
        seconds < 10
        c.info().lastExitStatus() == 137
    }

    def "stop -k kills at once and a stopped container cannot be stopped again (exit 2)"() {
        given:
        started('sys-kill')

        expect:
        cli('stop', '-n', 'sys-kill', '-k').exit == 0
        with(cli('stop', '-n', 'sys-kill')) {
            exit == 2
            err.contains("container 'sys-kill' is not running")
        }
    }

    def "stop -r reboots: init is started again and the container stays RUNNING"() {
        given:
        Container c = started('sys-reboot')
        int before = c.info().pid()

        when:
        c.stop(StopOptions.reboot(30))

        then: "stop -r returns once the new init runs"
        c.state() == ContainerState.RUNNING
        c.info().pid() != before
        attach(c, 'hostname').exitCode == 0
    }

    def "a monitor killed with SIGKILL takes init with it (#uid); the state reads STOPPED and the next start repairs what was left"() {
        given:
        Container c = started('sys-crash', "lxc.init.uid=${uid}", 'lxc.init.cmd=/bin/sleep 1000')
        def run = glxc.runtime.store.RunState.read(c.paths().run()).get()

        when:
        glxc.runtime.kernel.Processes.kill(run.monitorPid(), 9)
        boolean gone = (1..100).any { Thread.sleep(20); !Files.exists(Path.of("/proc/${run.initPid()}")) }

        then: "nothing removed the cgroups or the run file, yet the probe is not fooled"
        gone
        c.state() == ContainerState.STOPPED
        c.cgroups().anyExists()

        when:
        c.start(glxc.runtime.api.LaunchOptions.defaults())

        then:
        c.state() == ContainerState.RUNNING
        c.info().pid() != run.initPid()

        where:
        uid << [0, 1000]
    }
}
