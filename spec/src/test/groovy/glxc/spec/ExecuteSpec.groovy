package glxc.spec

import spock.lang.Timeout

import glxc.runtime.api.Container
import glxc.runtime.api.ContainerProcess
import glxc.runtime.api.ContainerState
import glxc.runtime.api.LaunchOptions
import glxc.runtime.api.ShimException

/** Application containers: the shim is init, the command's status and output come back. */
@Timeout(120)
class ExecuteSpec extends KernelSpec {

    def "execute returns the command's exit status, stdout and stderr"() {
        given:
        Container c = busybox('ex-status')

        when:
        def out = execute(c, '/bin/sh', '-c', 'echo out; echo err >&2; exit 3')

        then:
        out.exitCode == 3
        out.stdout == 'out\n'
        out.stderr == 'err\n'
        c.state() == ContainerState.STOPPED
        c.info().lastExitStatus() == 3
    }

    def "the command runs as PID 2 under the shim's init, in its own namespaces"() {
        given:
        Container c = busybox('ex-pid', 'lxc.uts.name=exhost')

        when:
        def out = execute(c, '/bin/sh', '-c', 'echo $$; hostname; ps -o pid,comm | wc -l; cat /proc/net/dev | wc -l')
        def lines = out.stdout.readLines()

        then:
        lines[0] == '2'
        lines[1] == 'exhost'
        (lines[2] as int) <= 5
        (lines[3] as int) == 3   // two header lines and lo
    }

    def "the glxc command line exits with the command's status"() {
        given:
        busybox('ex-cli')

        expect:
        cli('execute', '-n', 'ex-cli', '--', '/bin/sh', '-c', 'exit 3').exit == 3
        cli('execute', '-n', 'ex-cli', '--', '/bin/true').exit == 0
        with(cli('execute', '-n', 'ex-cli', '--', '/no/such/program')) {
            exit == 127
            err.contains('exec /no/such/program: No such file or directory')
        }
    }

    def "a signal sent to execute reaches the command"() {
        given:
        Container c = busybox('ex-signal')
        ContainerProcess p = c.execute(LaunchOptions.of('/bin/sh', '-c',
                'trap "echo got-term; exit 7" TERM; echo ready; while true; do sleep 0.1; done').piped())
        def reader = p.process().inputStream.newReader()

        when:
        assert reader.readLine() == 'ready'
        p.signal(15)
        String rest = reader.readLine()

        then:
        rest == 'got-term'
        p.waitFor() == 7
    }

    def "a signal sent to the glxc process reaches the command"() {
        given:
        busybox('ex-cli-signal')
        List<String> cmd = [javaBin(), '-cp', System.getProperty('java.class.path'), 'glxc.cli.Main', 'execute',
                            '-n', 'ex-cli-signal', '-P', storeDir.toString(), '--', '/bin/sh', '-c',
                            'trap "echo got-hup; exit 9" HUP; echo ready; while true; do sleep 0.1; done']
        Process glxc = new ProcessBuilder(cmd).redirectErrorStream(true).start()
        def reader = glxc.inputStream.newReader()

        when:
        assert reader.readLine() == 'ready'
        ['kill', '-HUP', glxc.pid().toString()].execute().waitFor()

        then:
        reader.readLine() == 'got-hup'
        glxc.waitFor() == 9
    }

    def "zombies inside are reaped by the shim's init"() {
        given:
        Container c = busybox('ex-zombie')

        when: "children are orphaned to PID 1 and exit before the command does"
        def out = execute(c, '/bin/sh', '-c', '(sleep 0.1 &) ; (sleep 0.1 &) ; sleep 0.5; ps -o stat,pid,comm | grep -c "^Z" || true')

        then:
        out.exitCode == 0
        out.stdout.trim() == '0'
    }

    def "execute of a running container is refused, and a missing command is a clear error"() {
        given:
        Container c = started('ex-busy')

        when:
        execute(c, '/bin/true')

        then:
        def e = thrown(glxc.runtime.api.StateException)
        e.message == "container 'ex-busy' is already running"

        when:
        stopNow(c)
        execute(c, '/nonexistent')

        then:
        def s = thrown(ShimException)
        s.step() == 'exec'
        s.errno() == 2
    }
}
