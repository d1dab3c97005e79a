package glxc.spec

import glxc.runtime.api.Container
import glxc.runtime.shim.Shim
import spock.lang.Timeout

import java.nio.file.Files
import java.security.MessageDigest

/** Attacks from inside that must fail, checked against the host (the security issue adds more). */
@Timeout(120)
class SecuritySpec extends KernelSpec {

    static String sha256(File f) {
        MessageDigest.getInstance('SHA-256').digest(f.bytes).encodeHex().toString()
    }

    def "kernel files are masked: /proc/keys and /proc/timer_list read empty, /sys/firmware is empty, /proc/bus is read-only"() {
        given:
        Container c = started('sec-mask')

        when:
        def out = attach(c, '/bin/sh', '-c', 'echo "[$(cat /proc/keys)][$(cat /proc/timer_list)]"; ls -A /sys/firmware | wc -l; grep " /proc/bus " /proc/self/mountinfo')

        then:
        out.stdout.readLines()[0] == '[][]'
        out.stdout.readLines()[1].trim() == '0'
        out.stdout.readLines()[2].split(' ')[5].split(',').contains('ro')
        Files.readString(java.nio.file.Path.of('/proc/timer_list')).length() > 0   // the host still has it
    }

    def "glxc.mask_paths = 0 leaves them visible"() {
        expect:
        execute(busybox('sec-nomask', 'glxc.mask_paths=0'), '/bin/sh', '-c', 'cat /proc/timer_list | wc -l').stdout.trim() as int > 0
    }

    def "a fork bomb stops at the default pids limit"() {
        given:
        Container c = started('sec-pids')

        expect:
        c.getCgroupItem('pids.max') == '2048'
        store.create('sec-nolimit', glxc.runtime.api.CreateOptions.template('busybox').withOverrides('glxc.pids.max=max')).with {
            start(glxc.runtime.api.LaunchOptions.defaults())
            getCgroupItem('pids.max') == 'max'
        }
    }

    def "an attached process holds only stdin, stdout and stderr, even when glxc's caller had more open"() {
        given:
        started('sec-fds')
        String glxc = "${javaBin()} -cp ${System.getProperty('java.class.path')} glxc.cli.Main"

        when: "the caller holds fds 10 and 255"
        def p = ['/bin/bash', '-c', "exec 10</dev/null 255</dev/null; ${glxc} attach -P ${storeDir} -n sec-fds -- sh -c 'ls /proc/\$\$/fd; true'"].execute()   // ls lists the shell's fds, not its own
        def fds = p.text.readLines()*.trim()

        then:
        p.waitFor() == 0
        fds.sort() == ['0', '1', '2']
    }

    def "init of an application container holds only its stdio; /proc/1/exe cannot be written and the host's shim is unchanged (#caps)"() {
        given:
        Container c = busybox("sec-exe-${caps.size()}", *caps)
        File shim = Shim.binary().toFile()
        String before = sha256(shim)

        when:
        def out = execute(c, '/bin/sh', '-c', 'ls /proc/1/fd | tr "\\n" " "; echo; echo pwned > /proc/1/exe && echo WROTE; readlink /proc/1/exe; true')

        then:
        out.stdout.readLines()[0].trim().split(' ').toList().sort() == ['0', '1', '2']
        !out.stdout.contains('WROTE')
        sha256(shim) == before
        seesMemfd == out.stdout.contains('memfd:glxc-shim')   // with ptrace rights it sees a sealed copy, never the host file

        where:
        caps                         || seesMemfd
        []                           || false   // Podman's 11: no right to look at init at all
        ['lxc.cap.drop=sys_module']  || true
    }

    /** A static program, compiled here with the system cc, that tries the calls seccomp must refuse. */
    void installProbe(Container c) {
        File src = File.createTempFile('probe', '.c')
        src.text = getClass().getResourceAsStream('/syscall-probe.c').text
        def cc = ['cc', '-static', '-O2', '-o', c.dir().resolve('rootfs/probe').toString(), src.path].execute()
        assert cc.waitFor() == 0: cc.errorStream.text
        src.delete()
    }

    /** name -> "ok" or the error text (without the errno number the probe adds). */
    static Map<String, String> results(String out) {
        out.readLines().collectEntries { l -> int sp = l.indexOf(' '); [(l.substring(0, sp)): l.substring(sp + 1).replaceFirst(/ \(\d+\)$/, '')] }
    }

    def "seccomp refuses keyrings, bpf, modules, kexec and new user namespaces inside (#kind), clone3 says ENOSYS"() {
        given:
        Container c = busybox("sec-seccomp-${kind}")
        installProbe(c)
        if (kind == 'system') c.start(glxc.runtime.api.LaunchOptions.defaults())

        when:
        def r = results(kind == 'system' ? attach(c, '/probe').stdout : execute(c, '/probe').stdout)

        then:
        ['keyctl', 'unshare-user', 'bpf', 'init_module', 'kexec_load'].every { r[it] == 'Operation not permitted' }
        r['clone3'] == 'Function not implemented'
        r['fchmodat2'] == 'Function not implemented'   // unknown to glxc's table: ENOSYS, so libc falls back
        r['getpid'] == 'ok'
        r['personality-exec'] == 'Operation not permitted'   // moby's personas only
        r['personality-query'] == 'ok'
        r['socket-vsock'] == 'Operation not permitted'
        r['socket-inet'] == 'ok'

        where:
        kind << ['system', 'application']
    }

    def "glxc.seccomp = off removes the filter (keyctl and user namespaces work again)"() {
        given:
        Container c = busybox('sec-noseccomp', 'glxc.seccomp=off', 'lxc.cap.drop=sys_module')
        installProbe(c)

        when:
        def r = results(execute(c, '/probe').stdout)

        then:
        r['keyctl'] == 'ok'
        r['unshare-user'] == 'ok'
        r['fchmodat2'] == 'No such file or directory'   // the kernel's own answer
        r['personality-exec'] == 'ok'
        r['socket-vsock'] != 'Operation not permitted'
    }

    def "a system container cannot mount a cgroup v1 hierarchy to reach release_agent, nor mknod and read the host's disk"() {
        given:
        Container c = started('sec-release')
        String disk = Files.readString(java.nio.file.Path.of('/proc/self/mountinfo')).readLines().find { it.split(' ')[4] == '/' }.split(' ')[2]

        when:
        def out = attach(c, '/bin/sh', '-c', "mkdir -p /tmp/cg && mount -t cgroup -o memory cgroup /tmp/cg && echo MOUNTED; " +
                "mknod /tmp/disk b ${disk.replace(':', ' ')} && head -c 512 /tmp/disk > /dev/null && echo READ; true")

        then:
        !out.stdout.contains('MOUNTED')
        !out.stdout.contains('READ')
        !Files.readString(java.nio.file.Path.of('/proc/self/mountinfo')).contains('/tmp/cg')
    }

    @spock.lang.IgnoreIf({ !new File('/usr/share/lxc/config/common.seccomp').exists() })
    def "LXC's own common.seccomp profile applies as LXC applies it"() {
        given:
        Container c = busybox('sec-lxcprofile', 'lxc.seccomp.profile=/usr/share/lxc/config/common.seccomp', 'lxc.cap.drop=sys_module')
        installProbe(c)

        when:
        def r = results(execute(c, '/probe').stdout)

        then: "its denylist names init_module and kexec_load; keyctl and user namespaces are not in it"
        r['init_module'] == 'Operation not permitted'
        r['kexec_load'] == 'Operation not permitted'
        r['keyctl'] == 'ok'
    }

    def "a version 2 denylist of one's own: each rule's errno comes back; argument conditions are refused by line"() {
        given:
        File profile = File.createTempFile('seccomp', '.profile')
        profile.text = '2\ndenylist\n# test\n[x86_64]\nkeyctl errno 38\nmkdir errno 13\n[arm]\nunknown_on_x86 errno 1\n'
        File bad = File.createTempFile('seccomp', '.profile')
        bad.text = '2\nallowlist\n[all]\nread\nclone errno 1 [0,268435456,SCMP_CMP_MASKED_EQ,268435456]\n'
        Container c = busybox('sec-ownprofile', "lxc.seccomp.profile=${profile}", 'lxc.cap.drop=sys_module')
        installProbe(c)

        when:
        def out = execute(c, '/bin/sh', '-c', '/probe; mkdir /tmp/x && echo MADE')

        then:
        results(out.stdout.readLines().findAll { it.contains(' ') }.join('\n'))['keyctl'] == 'Function not implemented'
        !out.stdout.contains('MADE')
        out.stderr.contains('Permission denied')

        when:
        execute(busybox('sec-badprofile', "lxc.seccomp.profile=${bad}"), '/bin/true')

        then:
        def e = thrown(glxc.runtime.api.ConfigException)
        e.message == "${bad}:5: argument conditions ([0,268435456,SCMP_CMP_MASKED_EQ,268435456]) are not supported yet".toString()

        cleanup:
        profile.delete()
        bad.delete()
    }
}
