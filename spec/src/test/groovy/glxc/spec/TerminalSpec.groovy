package glxc.spec

import glxc.runtime.api.AttachOptions
import glxc.runtime.api.Container
import glxc.runtime.api.LaunchOptions
import spock.lang.IgnoreIf
import spock.lang.Timeout

/** stdin and terminals: what a user types reaches the command, once, and a terminal gets a pty. */
@Timeout(120)
class TerminalSpec extends KernelSpec {

    String feed(Process p, String input) {
        p.outputStream.withWriter { it.write(input) }
        p.inputStream.text
    }

    def "execute passes stdin to the command untouched"() {
        given:
        Container c = busybox('tm-exec')
        def p = c.execute(LaunchOptions.of('/bin/sh', '-c', 'cat; echo done')
                .withStdio(ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.INHERIT))

        expect:
        feed(p.process(), (1..2000).collect { "line ${it}" }.join('\n') + '\n') == (1..2000).collect { "line ${it}\n" }.join('') + 'done\n'
        p.waitFor() == 0
    }

    def "attach passes stdin to the command untouched"() {
        given:
        Container c = started('tm-attach')
        def p = c.attach(AttachOptions.of('/bin/sh', '-c', 'wc -l').withStdio(ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.INHERIT))

        expect:
        feed(p.process(), 'a\nb\nc\n').trim() == '3'
        p.waitFor() == 0
    }

    def "arguments with tabs, newlines and backslashes arrive intact"() {
        given:
        Container c = busybox('tm-args')

        expect:
        execute(c, '/bin/sh', '-c', 'printf "%s|" "$@"', 'sh', 'a\tb', 'c\nd', 'e\\f').stdout == 'a\tb|c\nd|e\\f|'
    }

    @IgnoreIf({ !new File('/usr/bin/script').canExecute() })
    def "from a terminal, attach gets a pty of the container's own devpts and execute reads the terminal"() {
        given:
        started('tm-pty')
        busybox('tm-pty-x')
        String glxc = "${javaBin()} -cp ${System.getProperty('java.class.path')} glxc.cli.Main"

        when: "script(1) gives each command a terminal"
        def attach = ['script', '-qec', "${glxc} attach -P ${storeDir} -n tm-pty -- tty", '/dev/null'].execute()
        String attachOut = attach.text
        def exec = ['script', '-qec', "${glxc} execute -P ${storeDir} -n tm-pty-x -- sh -c 'read l; echo got-\$l'", '/dev/null'].execute()
        String execOut = feed(exec, 'hello\n')

        then:
        attach.waitFor() == 0
        attachOut.contains('/dev/pts/0')
        exec.waitFor() == 0
        execOut.contains('got-hello')
    }

    def "console relays a pty of the running container; Ctrl+a q detaches; a taken or missing tty is refused"() {
        given:
        Container c = started('tm-console', 'lxc.tty.max=2')
        def pipe = ProcessBuilder.Redirect.PIPE

        when: "busybox init's console shell asks for Enter first"
        def p = c.console(0, 'a' as char, pipe, pipe, pipe)
        def second = c.console(0, 'a' as char, pipe, pipe, pipe)
        second.process().outputStream.close()
        p.process().outputStream.withWriter {
            it.write('\n'); it.flush(); Thread.sleep(500)
            it.write('echo console-$((6*7))\n'); it.flush(); Thread.sleep(500)
            it.write('\u0001q')
        }
        String out = p.process().inputStream.text

        then:
        p.waitFor() == 0
        out.contains('console-42')
        second.process().waitFor() == 1

        when:
        second.waitFor()

        then:
        def busy = thrown(glxc.runtime.api.ShimException)
        busy.message.contains('the tty has a client already')

        when:
        def none = c.console(7, 'a' as char, ProcessBuilder.Redirect.from(new File('/dev/null')), pipe, pipe)
        none.waitFor()

        then:
        def e = thrown(glxc.runtime.api.ShimException)
        e.message == "container 'tm-console': console: no such tty"
    }
}
