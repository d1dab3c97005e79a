package glxc.spec

import glxc.dsl.ContainerDeclaration
import glxc.dsl.DslException
import glxc.dsl.ScriptLoader
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/** .lxc.groovy scripts evaluate to plain declarations (pure logic: nothing is created). */
class DslScriptSpec extends Specification {
    Path dir = Files.createTempDirectory('dsl')

    def cleanup() {
        dir.toFile().deleteDir()
    }

    List<ContainerDeclaration> load(String text) {
        Path f = dir.resolve('web.lxc.groovy')
        f.text = text
        ScriptLoader.load(f)
    }

    def "a container block records its template, settings and command as LXC config lines"() {
        when:
        def d = load('''
            container "web", {
                template "debian", release: "bookworm"
                hostname "www"
                env APP_ENV: "prod"
                set "lxc.tty.max", 2
                command "/bin/sh", "-c", "exit 0"
            }
        ''')

        then:
        d.size() == 1
        d[0].name() == 'web'
        d[0].template() == 'debian'
        d[0].templateArgs() == ['--release', 'bookworm']
        d[0].overrides() == ['lxc.uts.name=www', 'lxc.environment=APP_ENV=prod', 'lxc.tty.max=2']
        d[0].command() == ['/bin/sh', '-c', 'exit 0']
    }

    def "plain Groovy works: ten similar containers are a loop"() {
        expect:
        load('''(1..10).each { n -> container("w${n}") { template "busybox"; hostname "web-${n}" } }''')*.name() == (1..10).collect { "w${it}" }
    }

    def "an unknown setting names the script and line"() {
        when:
        load('container "web", {\n  template "busybox"\n  cpuu shares: 5\n}\n')

        then:
        def e = thrown(DslException)
        e.message == "${dir.resolve('web.lxc.groovy')}:3: unknown setting 'cpuu'".toString()
    }

    def "a syntax error names the script and line"() {
        when:
        load('container "web", {\n  template "busybox"\n  hostname "x" "y" (\n}\n')

        then:
        def e = thrown(DslException)
        e.message.startsWith("${dir.resolve('web.lxc.groovy')}:".toString())
    }
}
