package glxc.spec

import glxc.runtime.api.IdMaps
import glxc.runtime.cgroup.CgroupLayout
import glxc.runtime.api.Store
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption

/**
 * glxc run by a normal user (rootless): a user made for the spec, with a subordinate range in
 * /etc/subuid and /etc/subgid, runs the command line on its own store. Its container's root is the
 * range's first id outside (maps through newuidmap/newgidmap), the rootfs is owned by that id on disk
 * (the chown fallback: no idmapped mount can be made by a user), and what needs root is refused by name.
 * The user, its range lines and everything it made are removed after, even when a feature fails.
 */
@Stepwise
@Requires({ Files.isExecutable(Path.of('/usr/bin/newuidmap')) && Files.isExecutable(Path.of('/usr/bin/newgidmap')) })
class RootlessSpec extends Specification {
    @Shared String user = 'glxc-rl-' + Long.toString(System.nanoTime() % 1_000_000, 36)
    @Shared Path home
    @Shared Path storeDir
    @Shared IdMaps range
    @Shared List<String> addedRangeLines = []

    def setupSpec() {
        assert new com.sun.security.auth.module.UnixSystem().uid == 0: "the rootless spec makes a user and must run as root"
        home = Files.createTempDirectory('glxc-rootless-')
        run('useradd', '-M', '-d', home.toString(), '-s', '/usr/sbin/nologin', user)
        if (IdMaps.delegated(Path.of('/etc/subuid'), Path.of('/etc/subgid'), user).isEmpty()) {   // useradd adds one where login.defs says so
            for (String f : ['/etc/subuid', '/etc/subgid']) {
                String line = "${user}:${freeRangeStart(Path.of(f))}:65536"
                Files.writeString(Path.of(f), line + '\n', java.nio.file.StandardOpenOption.APPEND)
                addedRangeLines << line
            }
        }
        range = IdMaps.delegated(Path.of('/etc/subuid'), Path.of('/etc/subgid'), user).get()
        Files.createDirectories(home.resolve('cp'))
        List<String> cp = []
        System.getProperty('java.class.path').split(':').eachWithIndex { String entry, int i ->
            Path from = Path.of(entry)
            Path to = home.resolve('cp').resolve("${i}-${from.fileName}")
            if (Files.isDirectory(from)) run('cp', '-a', from.toString(), to.toString())
            else if (Files.exists(from)) Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES)
            cp << to.toString()
        }
        Files.writeString(home.resolve('classpath'), cp.join(':'))
        storeDir = home.resolve('store')
        run('chown', '-R', "${user}:${user}", home.toString())
        run('chmod', '755', home.toString())
    }

    def cleanupSpec() {
        try {
            if (storeDir != null && Files.isDirectory(storeDir)) HostObjects.destroyAll(Store.open(storeDir))
        } finally {
            run('userdel', user)
            for (String f : ['/etc/subuid', '/etc/subgid']) {
                List<String> kept = Files.readAllLines(Path.of(f)).findAll { !it.startsWith(user + ':') }
                Files.writeString(Path.of(f), kept.collect { it + '\n' }.join(''))
            }
            if (home != null) glxc.runtime.storage.FileTrees.delete(home)
        }
    }

    def "a normal user creates a busybox container: unprivileged from its range, the rootfs its root's on disk"() {
        when:
        def r = glxc('create', '-n', 'rl1', '-t', 'busybox')

        then:
        r.exit == 0
        r.err.contains("unprivileged: root inside is uid ${range.uidStart()} outside (from /etc/subuid and /etc/subgid (${user})")
        owner(storeDir.resolve('rl1/rootfs')) == "${range.uidStart()}:${range.gidStart()}"
        owner(storeDir.resolve('rl1/rootfs/bin/busybox')) == "${range.uidStart()}:${range.gidStart()}"
        owner(storeDir.resolve('rl1/config')) == sh("id -u ${user}").trim() + ':' + sh("id -g ${user}").trim()
    }

    def "it starts as the range's first id outside and root inside, in its own namespaces, without a cgroup, its processes capped"() {
        when:
        def start = glxc('start', '-n', 'rl1')
        def pid = glxc('info', '-n', 'rl1', '-p').out.trim().split(/\s+/)[-1]
        def inside = glxc('attach', '-n', 'rl1', '--', 'sh', '-c',
                'id -u; cat /proc/self/uid_map; hostname; ls /proc | grep -c "^[0-9]"; stat -c %U /dev/console; ulimit -u; cat /proc/1/limits | grep "Max processes"')
        List<String> lines = inside.out.readLines()*.trim()

        then:
        start.exit == 0
        start.err.contains('no cgroup')
        sh("stat -c %u /proc/${pid}").trim() == "${range.uidStart()}"
        lines[0] == '0'
        lines[1].split(/\s+/) as List == ['0', "${range.uidStart()}", "${range.uidCount()}"]
        lines[2] == 'rl1'
        (lines[3] as int) < 10   // its own few processes, none of the host's
        lines[4] == 'root'       // its console comes from its own devpts
        lines[5] == '2048'
        lines[6].split(/\s+/)[2] == '2048'
        sh("find /sys/fs/cgroup -maxdepth 3 -path '*/glxc/rl1' | wc -l").trim() == '0'
    }

    def "what needs root is refused by name: a veth network, a debian template, a copy"() {
        expect:
        with(glxc('create', '-n', 'rl-net', '-t', 'busybox', '-s', 'lxc.net.0.type=veth', '-s', 'lxc.net.0.link=glxcbr0')) { exit == 0 }
        with(glxc('start', '-n', 'rl-net')) {
            exit != 0
            err.contains('lxc.net.0.type: a veth network needs root')
        }
        with(glxc('create', '-n', 'rl-deb', '-t', 'debian')) {
            exit != 0
            err.contains('the debian template needs root')
        }
        !Files.exists(storeDir.resolve('rl-deb'))
        with(glxc('copy', '-n', 'rl1', '-N', 'rl-copy')) {
            exit != 0
            err.contains('copy needs root so far')
        }
    }

    def "in a cgroup v2 subtree delegated to the user, its container gets a cgroup there: tracked, frozen, removed at stop"() {
        given: "a folder of the unified hierarchy given to the user, as systemd gives user@UID.service"
        Path unified = CgroupLayout.detect().unified().mountPoint()
        Path delegated = unified.resolve("glxc-rootless-spec-${user}")
        Files.createDirectory(delegated)
        for (String f : ['', 'cgroup.procs', 'cgroup.threads', 'cgroup.subtree_control']) run('chown', user, delegated.resolve(f).toString())
        assert glxcIn(delegated, 'create', '-n', 'rl-cg', '-t', 'busybox').exit == 0

        when:
        def start = glxcIn(delegated, 'start', '-n', 'rl-cg')
        String pid = glxcIn(delegated, 'info', '-n', 'rl-cg', '-p').out.trim().split(/\s+/)[-1]
        String cgroupOfInit = Files.readString(Path.of("/proc/${pid}/cgroup")).readLines().find { it.startsWith('0::') }
        def freeze = glxcIn(delegated, 'freeze', '-n', 'rl-cg')
        String frozen = glxcIn(delegated, 'info', '-n', 'rl-cg').out
        glxcIn(delegated, 'unfreeze', '-n', 'rl-cg')
        def stop = glxcIn(delegated, 'stop', '-n', 'rl-cg')

        then:
        start.exit == 0
        !start.err.contains('no cgroup')
        cgroupOfInit == "0::/${unified.relativize(delegated)}/glxc/rl-cg".toString()
        freeze.exit == 0
        frozen.contains('FROZEN')
        stop.exit == 0
        !Files.exists(delegated.resolve('glxc/rl-cg'))

        cleanup:
        glxcIn(delegated, 'destroy', '-n', 'rl-cg', '-f')
        if (Files.isDirectory(delegated.resolve('glxc/rl-cg'))) Files.delete(delegated.resolve('glxc/rl-cg'))
        if (Files.isDirectory(delegated.resolve('glxc'))) Files.delete(delegated.resolve('glxc'))
        if (Files.isDirectory(delegated)) Files.delete(delegated)
    }

    def "it stops, and destroy removes the folder the user could not empty alone"() {
        when:
        def stop = glxc('stop', '-n', 'rl1')
        def destroy = glxc('destroy', '-n', 'rl1')
        glxc('destroy', '-n', 'rl-net')

        then:
        stop.exit == 0
        destroy.exit == 0
        !Files.exists(storeDir.resolve('rl1'))
        storeDir.toFile().list().findAll { !it.startsWith('.') } == []
    }

    private Map glxc(String... args) {
        glxcIn(null, args)
    }

    /** The command line as the user, started inside cgroup (a folder of the unified hierarchy) when one is given. */
    private Map glxcIn(Path cgroup, String... args) {
        List<String> cmd = (cgroup == null ? [] : ['sh', '-c', "echo \$\$ > ${cgroup.resolve('cgroup.procs')} && exec \"\$@\"".toString(), 'sh']) + ['setpriv', "--reuid=${user}", "--regid=${user}", '--clear-groups',
                            'env', '-i', 'PATH=/usr/sbin:/usr/bin:/sbin:/bin', "HOME=${home}", "USER=${user}",
                            "XDG_RUNTIME_DIR=${home.resolve('run')}",
                            KernelSpec.javaBin(), '-XX:-UsePerfData', '-Djna.platform.library.path=/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu',
                            '-cp', home.resolve('classpath').text, 'glxc.cli.Main', args[0], '-P', storeDir.toString()] + (args.drop(1) as List)
        TestNetns.tryRunIn(home.toFile(), cmd*.toString() as String[])   // a folder the user may enter
    }

    private static String owner(Path p) {
        sh("stat -c %u:%g '${p}'").trim()
    }

    private static String sh(String script) {
        StorageSpec.sh(script)
    }

    private static void run(String... cmd) {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start()
        String out = p.inputStream.text
        assert p.waitFor() == 0: "${cmd.join(' ')}: ${out}"
    }

    /** The first 65536-aligned start above every range the file already gives out. */
    private static long freeRangeStart(Path file) {
        long end = 100000
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(':')
            if (f.length == 3) end = Math.max(end, (f[1] as long) + (f[2] as long))
        }
        ((end + 65535).intdiv(65536)) * 65536
    }
}
