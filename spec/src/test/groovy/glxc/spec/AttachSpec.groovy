package glxc.spec

import spock.lang.Timeout

import glxc.runtime.api.AttachOptions
import glxc.runtime.api.Container
import glxc.runtime.api.ContainerProcess
import glxc.runtime.api.Namespace

import java.nio.file.Files
import java.nio.file.Path

/** attach joins every namespace and the cgroups of the running container. */
@Timeout(120)
class AttachSpec extends KernelSpec {

    def "an attached process is in all of init's namespaces"() {
        given:
        Container c = started('at-ns')
        int init = c.info().pid()
        def names = ['mnt', 'pid', 'uts', 'ipc', 'net', 'cgroup']

        when:
        def out = attach(c, 'sh', '-c', names.collect { "readlink /proc/self/ns/${it}" }.join('; '))
        def inside = out.stdout.readLines()
        def ofInit = names.collect { Files.readSymbolicLink(Path.of("/proc/${init}/ns/${it}")).toString() }
        def ofHost = names.collect { Files.readSymbolicLink(Path.of("/proc/self/ns/${it}")).toString() }

        then:
        inside == ofInit
        (0..<names.size()).every { inside[it] != ofHost[it] }
    }

    def "an attached process is in the container's cgroups"() {
        given:
        Container c = started('at-cg')
        ContainerProcess p = c.attach(AttachOptions.of('sh', '-c', 'cat /proc/self/cgroup; echo; sleep 5').piped())
        def reader = p.process().inputStream.newReader()
        def inside = []
        for (String l = reader.readLine(); l; l = reader.readLine()) inside << l

        when: "the host's view of the container's cgroups lists one more process than init's"
        def procs = c.cgroups().paths().findAll { Files.isDirectory(it) }.collect { Files.readAllLines(it.resolve('cgroup.procs')).size() }

        then: "inside its cgroup namespace it sees itself at the root of every hierarchy, as init does"
        inside.every { it.endsWith(':/') }
        inside.size() == attach(c, 'cat', '/proc/1/cgroup').stdout.readLines().size()
        procs.every { it >= 2 }

        cleanup:
        p?.signal(9)
    }

    def "attach returns the command's status, runs as -u/-g, and honours -v and --clear-env"() {
        given:
        Container c = started('at-env')

        expect:
        attach(c, 'sh', '-c', 'exit 4').exitCode == 4
        c.attach(new AttachOptions(['id', '-u'], null, false, [], [], 1000, 1000, null,
                AttachOptions.of().piped().stdin(), ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.PIPE)).collect().stdout.trim() == '1000'
        c.attach(new AttachOptions(['sh', '-c', 'echo $FOO-$HOME-$container'], null, true, ['FOO=bar'], [], null, null, null,
                AttachOptions.of().piped().stdin(), ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.PIPE)).collect().stdout.trim() == 'bar--lxc'
    }

    def "attach -s joins only the namespaces asked for"() {
        given:
        Container c = started('at-subset', 'lxc.uts.name=inside')

        when:
        def out = c.attach(new AttachOptions(['cat', '/proc/sys/kernel/hostname'], EnumSet.of(Namespace.UTSNAME), false, [], [], null, null, null,
                AttachOptions.of().piped().stdin(), ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.PIPE)).collect()

        then: "the host's filesystem and /proc, the container's hostname"
        out.stdout.trim() == 'inside'
    }

    def "the command line attaches and runs ps inside"() {
        given:
        started('at-cli')

        when:
        def r = cli('attach', '-n', 'at-cli', '--', 'ps')

        then:
        r.exit == 0
        r.out.readLines().size() < 10
        r.out.contains('init')
    }
}
