package glxc.spec

import spock.lang.Timeout

import glxc.runtime.api.Container
import glxc.runtime.api.ContainerEvent
import glxc.runtime.api.LaunchOptions
import glxc.runtime.config.ContainerConfig
import glxc.runtime.kernel.Capabilities

import java.nio.file.Files
import java.nio.file.Path

/** The LXC keys the runtime core applies, checked from inside a real container. */
@Timeout(120)
class ConfigAppliedSpec extends KernelSpec {

    static long capMask(String status, String field) {
        Long.parseLong(status.readLines().find { it.startsWith(field + ':') }.split(/\s+/)[1], 16)
    }

    def "a system container without lxc.cap.drop loses LXC's default set and sys_admin; an application container keeps Podman's 11; lxc.cap.keep keeps only what it names"() {
        given:
        Container system = started('cf-caps')
        Container app = busybox('cf-app')
        Container keep = busybox('cf-keep', 'lxc.cap.keep=chown kill')
        long podman = ContainerConfig.APPLICATION_CAPS.inject(0L) { m, n -> m | (1L << Capabilities.parse(n)) }

        when:
        long bounding = capMask(attach(system, 'cat', '/proc/self/status').stdout, 'CapBnd')
        long appBounding = capMask(execute(app, 'cat', '/proc/self/status').stdout, 'CapBnd')
        long kept = capMask(execute(keep, 'cat', '/proc/self/status').stdout, 'CapEff')

        then:
        ['sys_module', 'sys_rawio', 'sys_time', 'mac_admin', 'mac_override', 'sys_admin'].every { (bounding & (1L << Capabilities.parse(it))) == 0 }
        (bounding & (1L << Capabilities.parse('sys_boot'))) != 0   // init may still halt and reboot its pid namespace
        appBounding == podman
        kept == ((1L << Capabilities.parse('chown')) | (1L << Capabilities.parse('kill')))
    }

    def "init runs with lxc.init.uid/gid/cwd, lxc.environment, lxc.prlimit and lxc.no_new_privs"() {
        given:
        Container c = busybox('cf-proc', 'lxc.init.uid=1000', 'lxc.init.gid=1001', 'lxc.init.cwd=/tmp',
                'lxc.environment=APP=demo', 'lxc.environment=PATH=/bin:/sbin', 'lxc.prlimit.nofile=123:456', 'lxc.no_new_privs=1')

        when:
        def out = execute(c, '/bin/sh', '-c', 'id -u; id -g; pwd; echo $APP; ulimit -n; ulimit -Hn; grep NoNewPrivs /proc/self/status').stdout.readLines()

        then:
        out[0..4] == ['1000', '1001', '/tmp', 'demo', '123']
        out[5] == '456'
        out[6] ==~ /NoNewPrivs:\s+1/
    }

    def "lxc.mount.entry binds a host folder, read-only when asked, creating the target"() {
        given:
        Path shared = Files.createTempDirectory('glxc-shared')
        Files.writeString(shared.resolve('hello.txt'), 'from the host')
        Container c = busybox('cf-mount', "lxc.mount.entry=${shared} srv/data none bind,ro,create=dir 0 0")

        when:
        def out = execute(c, '/bin/sh', '-c', 'cat /srv/data/hello.txt; touch /srv/data/x 2>&1 || true')

        then:
        out.stdout.startsWith('from the host')
        out.stdout.contains('Read-only file system')
        !Files.exists(shared.resolve('x'))
        !HostObjects.mounts(storeDir).any { it.contains(shared.toString()) }

        cleanup:
        glxc.runtime.storage.FileTrees.delete(shared)
    }

    def "a mount entry pointing out of the rootfs through a symlink stays inside the rootfs"() {
        given: "a rootfs symlink to the host's /etc"
        Container c = busybox('cf-escape')
        Path shared = Files.createTempDirectory('glxc-src')
        Files.createSymbolicLink(c.dir().resolve('rootfs/escape'), Path.of('/etc'))
        c.setConfigItem('lxc.mount.entry', "${shared} escape/glxc-probe none bind,create=dir 0 0")

        when:
        execute(c, '/bin/true')

        then: "the target was resolved inside the rootfs: nothing was created or mounted in the host's /etc"
        !Files.exists(Path.of('/etc/glxc-probe'))
        Files.isDirectory(c.dir().resolve('rootfs/etc/glxc-probe'))

        cleanup:
        glxc.runtime.storage.FileTrees.delete(shared)
    }

    def "a rootfs whose /proc is a symlink is refused"() {
        given:
        Container c = busybox('cf-procsym')
        Path proc = c.dir().resolve('rootfs/proc')
        Files.delete(proc)
        Files.createSymbolicLink(proc, Path.of('/tmp'))

        when:
        execute(c, '/bin/true')

        then:
        def e = thrown(glxc.runtime.api.ShimException)
        e.step() == 'mount'
        e.errno() == 40   // ELOOP: RESOLVE_NO_SYMLINKS
    }

    def "/dev holds the standard nodes, ttys and a console backed by ptys; lxc.autodev=0 leaves the rootfs's /dev"() {
        given:
        Container c = started('cf-dev', 'lxc.tty.max=2', 'lxc.tty.dir=lxc')
        Container plain = busybox('cf-noautodev', 'lxc.autodev=0')

        when:
        def dev = attach(c, '/bin/sh', '-c', 'ls /dev; ls -l /dev/lxc/tty2 /dev/console; readlink /dev/tty1; echo x > /dev/null && echo null-ok').stdout

        then:
        ['null', 'zero', 'full', 'random', 'urandom', 'tty', 'ptmx', 'pts', 'shm', 'console', 'tty1', 'tty2', 'lxc'].every { dev.readLines().contains(it) }
        dev =~ /c[rw-]+\s+\d+\s+\S+\s+\S+\s+136,/   // pty slaves (major 136)
        dev.contains('lxc/tty1')
        dev.contains('null-ok')
        !execute(plain, 'ls', '/dev').stdout.contains('urandom')
    }

    def "the console's output goes to lxc.console.logfile"() {
        given:
        Path log = storeDir.resolve('console.log')
        Container c = started('cf-console', "lxc.console.logfile=${log}", 'lxc.init.cmd=/bin/sh -c "echo console-hello; sleep 100"')

        expect:
        (1..50).any { Thread.sleep(50); Files.exists(log) && log.text.contains('console-hello') }
    }

    def "start -F runs init in the foreground with the console on its stdio and returns init's status"() {
        given:
        Container c = busybox('cf-fg', 'lxc.init.cmd=/bin/sh')

        when:
        def p = c.startForeground(LaunchOptions.defaults().withStdio(ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.PIPE))
        p.process().outputStream.withWriter { it.write('echo from-the-console $(hostname)\nexit 4\n') }
        String out = p.process().inputStream.text

        then:
        p.waitFor() == 4
        out.contains('from-the-console cf-fg')
    }

    def "apparmor and selinux keys are accepted with one warning each"() {
        given:
        List<ContainerEvent> events = []
        store.addListener { events << it }
        Container c = busybox('cf-lsm', 'lxc.apparmor.profile=unconfined', 'lxc.selinux.context=system_u:system_r:lxc_t:s0')

        when:
        events.clear()
        execute(c, '/bin/true')

        then:
        events.findAll { it instanceof ContainerEvent.Warning }*.message.collect { it.replaceAll(/^.*: (lxc\.\w+)\.\w+ is ignored.*$/, '$1') }.sort() == ['lxc.apparmor', 'lxc.selinux']
    }
}
