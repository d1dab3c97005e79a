package glxc.spec

import glxc.dsl.Dsl
import glxc.dsl.PlanStep
import org.jline.reader.Candidate
import org.jline.reader.LineReader
import org.jline.reader.LineReaderBuilder
import org.jline.reader.impl.DefaultParser
import org.jline.terminal.TerminalBuilder

import java.nio.file.Files
import java.nio.file.Path

/** The REPL driven with piped input (its dumb terminal) and its completer driven directly. */
class ReplSpec extends KernelSpec {

    Map repl(String input) {
        List<String> cmd = [javaBin(), '-cp', System.getProperty('java.class.path'), 'glxc.cli.Main', 'repl', '-P', storeDir.toString(), '--no-history']
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start()
        p.outputStream.withWriter { it << input }
        String out = p.inputStream.text
        [exit: p.waitFor(), out: out]
    }

    def "variables persist between lines, verbs run with their flags, an error does not end the session"() {
        when:
        def r = repl('x = 20\nx + 22\nnosuchname\nls --fancy\n:quit\n')

        then:
        r.exit == 0
        r.out.contains('==> 42')
        r.out.contains("error: unknown name 'nosuchname'")
        r.out.contains('NAME STATE')
    }

    def "a failed assert is one error line; a redeclared container is saved once, so the saved script loads"() {
        given:
        Path saved = storeDir.resolve('again.lxc.groovy')

        when:
        def r = repl("assert 1 == 2\ncontainer(\"twice\") { template \"busybox\" }\ncontainer(\"twice\") { template \"busybox\"; hostname \"second\" }\n:save ${saved}\nx = 7\nx\n:quit\n")

        then:
        r.out.contains('error: assert 1 == 2')
        r.out.contains('==> 7')
        Dsl.load(saved).containers()*.overrides().flatten().contains('lxc.uts.name=second')
        Dsl.load(saved).containers().size() == 1
    }

    def "multi-line input waits for the closing brace; a declared container is applied by apply; :save writes a script whose plan is then empty"() {
        given:
        Path saved = storeDir.resolve('saved.lxc.groovy')

        when:
        def r = repl("container(\"replc\") {\n  template \"busybox\"\n  set \"lxc.net.0.type\", \"empty\"\n}\napply\nreplc.state()\n:save ${saved}\n:quit\n")

        then:
        r.out.contains('created replc')
        r.out.contains('==> RUNNING')
        Files.exists(saved)
        Dsl.plan(store, Dsl.load(saved)).every { !it.changes() }
    }

    def "completion: verbs and commands first, then flags, container names after -n, config keys after -s, templates after -t"() {
        given:
        busybox('compl-one')
        def completer = Class.forName('glxc.cli.ReplCompleter').getDeclaredConstructor(glxc.runtime.api.Store, java.util.function.Function).with { it.accessible = true; it.newInstance(store, { n -> store.get(n).exists() ? store.get(n) : null } as java.util.function.Function) }
        def terminal = TerminalBuilder.builder().dumb(true).streams(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream()).build()
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).build()
        def complete = { String line ->
            List<Candidate> out = []
            completer.complete(reader, new DefaultParser().parse(line, line.length()), out)
            out*.value()
        }

        expect:
        complete('').containsAll(['start', 'apply', 'network', ':shell', ':save'])
        complete('start -').containsAll(['-n', '-d', '-F'])
        complete('start -n ').contains('compl-one')
        complete('create -t ').containsAll(['busybox', 'host'])
        complete('start -s ').containsAll(['lxc.net.0.type=', 'lxc.cgroup2.*='].findAll { !it.contains('*') })
        complete(':shell ').contains('compl-one')
        complete('container("x") {\n  mem').containsAll(['memory', 'cpu', 'net'])
        complete('compl-one.in').contains('compl-one.info()')

        cleanup:
        terminal?.close()
    }
}
