package glxc.spec

import spock.lang.Timeout

import glxc.runtime.api.Container
import glxc.runtime.api.ContainerState

/** The glxc command line as a user drives it: output formats, flags and exit codes. */
@Timeout(120)
class CommandLineSpec extends KernelSpec {

    def "ls lists names, filters by state, prints one per line and JSON"() {
        given:
        started('cl-a')
        busybox('cl-b')

        expect:
        cli('ls').out.trim() == 'cl-a  cl-b'
        cli('ls', '-1').out.readLines() == ['cl-a', 'cl-b']
        cli('ls', '--running', '-1').out.readLines() == ['cl-a']
        cli('ls', '--stopped', '-1').out.readLines() == ['cl-b']
        cli('ls', '-F', 'name,state').out.readLines() == ['NAME STATE', 'cl-a RUNNING', 'cl-b STOPPED']
        with(new groovy.json.JsonSlurper().parseText(cli('ls', '--json').out) as List) {
            size() == 2
            it[0].name == 'cl-a' && it[0].state == 'RUNNING' && it[0].pid > 0
            it[1].name == 'cl-b' && it[1].pid == null
        }
        cli('ls', '-F', 'name,bogus').err.contains("unknown column 'bogus'")
    }

    def "info -s, -p, -c and -H print what LXC's lxc-info prints"() {
        given:
        Container c = started('cl-info')
        int pid = c.info().pid()

        expect:
        cli('info', '-n', 'cl-info', '-s').out.trim() ==~ /State:\s+RUNNING/
        cli('info', '-n', 'cl-info', '-p').out.trim() ==~ /PID:\s+${pid}/
        cli('info', '-n', 'cl-info', '-c', 'lxc.uts.name').out.trim() == 'lxc.uts.name = cl-info'
        cli('info', '-n', 'cl-info', '-S', '-H').out =~ /Memory use:\s+\d+\n/
    }

    def "wait returns 0 when the state is reached and 1 on timeout"() {
        given:
        busybox('cl-wait')

        expect:
        cli('wait', '-n', 'cl-wait', '-s', 'STOPPED', '-t', '1').exit == 0
        cli('wait', '-n', 'cl-wait', '-s', 'RUNNING|FROZEN', '-t', '1').exit == 1
        cli('wait', '-n', 'cl-wait', '-s', 'NAPPING').err.contains("unknown state 'NAPPING'")
    }

    def "monitor streams the state changes of matching containers"() {
        given:
        Container c = busybox('cl-mon')
        Process monitor = new ProcessBuilder([javaBin(), '-cp', System.getProperty('java.class.path'), 'glxc.cli.Main',
                                              'monitor', '-P', storeDir.toString(), '-n', 'cl-.*']).redirectErrorStream(true).start()
        def lines = []
        Thread reader = Thread.start { monitor.inputStream.eachLine { lines << it } }
        Thread.sleep(2000)   // a cold JVM on a loaded host: let the monitor take its first look

        when:
        c.start(glxc.runtime.api.LaunchOptions.defaults())
        Thread.sleep(300)
        stopNow(c)
        (1..40).find { Thread.sleep(100); lines.contains("'cl-mon' changed state to [STOPPED]".toString()) }

        then:
        lines.contains("'cl-mon' changed state to [RUNNING]".toString())
        lines.contains("'cl-mon' changed state to [STOPPED]".toString())

        cleanup:
        monitor?.destroy()
        reader?.join(2000)
    }

    def "kill sends a signal to init; busybox init halts on SIGUSR1"() {
        given:
        Container c = started('cl-kill')

        when:
        def r = cli('kill', '-n', 'cl-kill', '-s', 'USR1')
        c.waitFor(EnumSet.of(ContainerState.STOPPED), 15_000)

        then:
        r.exit == 0
        c.state() == ContainerState.STOPPED
    }

    def "checkconfig shows the namespaces and the cgroup layout"() {
        when:
        def r = cli('checkconfig')

        then:
        r.exit == 0
        r.out =~ /PID namespace: enabled/
        r.out =~ /Layout: (V1|V2|HYBRID)/
        r.out =~ /Shim: enabled/
    }

    def "help lists every verb; a verb's help lists its options"() {
        expect:
        ['create', 'start', 'execute', 'attach', 'stop', 'kill', 'destroy', 'info', 'ls', 'wait', 'monitor', 'checkconfig'].every {
            cli('--help').out.contains("  ${it} ".toString())
        }
        cli('stop', '--help').out.contains('-t, --timeout SECONDS')
        cli('bogus').err.trim() == "glxc: unknown command 'bogus' (glxc --help lists them)"
    }
}
