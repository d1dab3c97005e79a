package glxc.spec

import glxc.dsl.DslException
import glxc.dsl.ScriptLoader
import glxc.dsl.ScriptModel
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

/** .lxc.groovy scripts evaluate to immutable specs (pure logic: nothing on the host is created or changed). */
class DslScriptSpec extends Specification {
    Path dir = Files.createTempDirectory('dsl')
    Path file = dir.resolve('web.lxc.groovy')

    def cleanup() {
        glxc.runtime.storage.FileTrees.delete(dir)
    }

    ScriptModel load(String text, Duration timeout = Duration.ofSeconds(10)) {
        file.text = text
        ScriptLoader.load(file, timeout)
    }

    String where(int line) {
        "${file}:${line}".toString()
    }

    def "a container block records its template, settings and command as LXC config lines"() {
        when:
        def d = load('''
            container "web", {
                template "debian", release: "bookworm"
                hostname "www"
                env APP_ENV: "prod"
                set "lxc.tty.max", 2
                port "8080:80"
                command "/bin/sh", "-c", "exit 0"
            }
        ''').containers()

        then:
        d.size() == 1
        d[0].name() == 'web'
        d[0].template() == 'debian'
        d[0].templateArgs() == ['--release', 'bookworm']
        d[0].overrides() == ['lxc.uts.name=www', 'lxc.environment=APP_ENV=prod', 'lxc.tty.max=2', 'glxc.port.0=8080:80']
        d[0].command() == ['/bin/sh', '-c', 'exit 0']
        d[0].source() == where(2)
    }

    def "resources become the cgroup keys of this host's layout, networks lxc.net blocks, mounts entries"() {
        when:
        def c = load('''
            network "glxcbr0", { ipv4 "10.213.3.1/24"; nat true; dhcp true }
            container("db") { template "busybox"; memory limit: "128M"; cpu shares: 512; pids max: 64; net bridge: "glxcbr0", ipv4: "10.213.3.20/24" }
            container("web") { template "busybox"; net bridge: "glxcbr0"; mount "/srv/site", at: "/var/www", readonly: true; dependsOn "db"; autostart delay: 5 }
        ''')
        def db = c.containers()[0].overrides()
        def web = c.containers()[1].overrides()

        then: "(this host keeps memory, cpu and pids on cgroup v1)"
        c.networks()*.name() == ['glxcbr0']
        c.networks()[0].nat() && c.networks()[0].dhcp()
        db.containsAll(['lxc.cgroup.memory.limit_in_bytes=128M', 'lxc.cgroup.cpu.shares=512', 'lxc.cgroup.pids.max=64'])
        db.containsAll(['lxc.net.0.type=veth', 'lxc.net.0.link=glxcbr0', 'lxc.net.0.flags=up', 'lxc.net.0.ipv4.address=10.213.3.20/24', 'lxc.net.0.ipv4.gateway=auto'])
        web.contains('lxc.mount.entry=/srv/site var/www none bind,create=dir,ro 0 0')
        web.containsAll(['lxc.start.auto=1', 'lxc.start.delay=5'])
        c.containers()[1].dependsOn() == ['db']
        c.levels()*.collect { it.name() } == [['db'], ['web']]
    }

    def "plain Groovy works: ten similar containers are a loop, with variables and functions"() {
        expect:
        load('''
            sizes = [64, 128]   // a binding variable: script functions see it (a def would be local to the script body)
            def memoryFor(n) { "${sizes[n % 2]}M" }
            (1..10).each { n -> container("w${n}") { template "busybox"; hostname "web-${n}"; memory limit: memoryFor(n) } }
        ''').containers()*.name() == (1..10).collect { "w${it}" }
    }

    def "include brings another script's declarations, its path relative to the including one"() {
        given:
        dir.resolve('base.lxc.groovy').text = 'network "glxcbr0", { ipv4 "10.213.3.1/24" }\n'

        expect:
        load('include "base.lxc.groovy"\ncontainer "web", { template "busybox"; net bridge: "glxcbr0" }\n').networks()*.name() == ['glxcbr0']
    }

    def "an unknown option is a compile-time error with file, line and column, and a suggestion"() {
        when:
        load('container "web", {\n    template "busybox"\n    cpu sharez: 512\n}\n')

        then:
        DslException e = thrown()
        e.message == "${where(3)}:9: unknown setting 'sharez' in cpu (did you mean 'shares'?)".toString()
    }

    def "an unknown word inside a block names the block and suggests"() {
        when:
        load('container "web", {\n  template "busybox"\n  memroy limit: "1G"\n}\n')

        then:
        DslException e = thrown()
        e.message == "${where(3)}: unknown setting 'memroy' in container 'web' (did you mean 'memory'?)".toString()
    }

    def "a bad value names the script line and the LXC key"() {
        when:
        load('container "web", {\n  template "busybox"\n  net bridge: "glxcbr0", ipv4: "10.213.3.300/24"\n}\n')

        then:
        DslException e = thrown()
        e.message.startsWith(where(3) + ': lxc.net.0.ipv4.address: ')
        e.message.contains("invalid IP address '10.213.3.300'")
    }

    def "a template that does not exist yet, or none at all, is named at check time"() {
        when:
        load('container "web", {\n  template "nosuchthing", release: "bookworm"\n}\n')

        then:
        DslException e = thrown()
        e.message.startsWith(where(2) + ": no template 'nosuchthing'")

        when:
        load('container "web", {\n  hostname "x"\n}\n')

        then:
        DslException none = thrown()
        none.message == "${where(1)}: container 'web' needs a template (template \"busybox\") or an lxc.rootfs.path".toString()
    }

    def "dependsOn a container the script does not declare, and dependency cycles, are named"() {
        when:
        load('container "web", { template "busybox"; dependsOn "dbb" }\ncontainer "db", { template "busybox" }\n')

        then:
        DslException e = thrown()
        e.message == "${where(1)}: dependsOn 'dbb': no such container in this script (did you mean 'db'?)".toString()

        when:
        load('container "a", { template "busybox"; dependsOn "b" }\ncontainer "b", { template "busybox"; dependsOn "c" }\ncontainer "c", { template "busybox"; dependsOn "a" }\n')

        then:
        DslException cycle = thrown()
        cycle.message.contains('dependsOn cycle: a -> b -> c -> a')
    }

    def "a name declared twice names both places"() {
        when:
        load('container "web", { template "busybox" }\ncontainer "web", { template "busybox" }\n')

        then:
        DslException e = thrown()
        e.message == "${where(2)}: container 'web' is already declared at ${where(1)}".toString()
    }

    def "a syntax error names the script, line and column"() {
        when:
        load('container "web", {\n  template "busybox"\n  hostname "x" "y" (\n}\n')

        then:
        DslException e = thrown()
        e.message.startsWith("${file}:".toString())
    }

    def "a script that throws fails cleanly, pointing at its line"() {
        when:
        load('container "web", { template "busybox" }\nthrow new IllegalStateException("no such thing")\n')

        then:
        DslException e = thrown()
        e.message == "${where(2)}: no such thing".toString()
    }

    def "a failed assert, or an include cycle, fails the script: nothing of it comes back"() {
        when:
        load('container "web", { template "busybox" }\nassert 1 == 2\n')

        then:
        DslException e = thrown()
        e.message.startsWith(where(2) + ': assert 1 == 2')

        when:
        dir.resolve('a.lxc.groovy').text = 'include "web.lxc.groovy"\n'
        load('include "a.lxc.groovy"\ncontainer "web", { template "busybox" }\n')

        then:
        DslException cycle = thrown()
        cycle.message.contains('an include cycle')
    }

    def "a script that never ends is stopped by the time limit"() {
        when:
        long t0 = System.nanoTime()
        load('container "web", { template "busybox" }\nwhile (true) { }\n', Duration.ofMillis(500))

        then:
        DslException e = thrown()
        e.message.contains('did not finish within')
        (System.nanoTime() - t0) / 1e9 < 5
    }

    def "a compiled script is kept: the same text runs again without compiling (its code still runs each time); a changed text compiles anew"() {
        given:
        Path counter = dir.resolve('runs')
        String script = """
            new File('${counter}').append('x')
            container "c\${new File('${counter}').text.length()}", { template "busybox" }
        """

        when:
        def first = load(script)
        def second = load(script)
        def changed = load(script.replace('template "busybox"', 'template "busybox"; hostname "h"'))

        then:
        first.containers()*.name() == ['c1']
        second.containers()*.name() == ['c2']     // the cached classes ran: the file grew again
        changed.containers()*.name() == ['c3']
        changed.containers()[0].settings()*.key().contains('lxc.uts.name')
        Files.list(Path.of(System.getProperty('user.home'), '.cache/glxc/scripts')).withCloseable { it.count() } >= 2
    }

    def "a file mode written in decimal is caught; a template library file others can write is skipped with a reason"() {
        when:
        load('image "x", {\n from "busybox"\n file "/a", "b", mode: 755\n}\n')

        then:
        DslException e = thrown()
        e.message.contains('file mode: 755 is decimal (octal 1363); write it with a leading 0, as 0755')

        when:
        Path lib = dir.resolve('lib')
        Files.createDirectories(lib)
        lib.resolve('open.lxc.groovy').text = 'template "open-tpl", { from "debian"; run "true" }'
        lib.resolve('closed.lxc.groovy').text = 'template "closed-tpl", { from "debian"; run "true" }'
        Files.setPosixFilePermissions(lib.resolve('open.lxc.groovy'), java.nio.file.attribute.PosixFilePermissions.fromString('rw-rw-rw-'))
        Files.setPosixFilePermissions(lib.resolve('closed.lxc.groovy'), java.nio.file.attribute.PosixFilePermissions.fromString('rw-r--r--'))
        def library = new glxc.dsl.TemplateLibrary([lib])

        then:
        library.find('closed-tpl').isPresent()
        !library.find('open-tpl').isPresent()
        library.problems().any { it.contains('open.lxc.groovy: skipped:') && it.contains('is writable by other users') }
    }
}
