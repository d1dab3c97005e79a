package glxc.spec

import glxc.dsl.Applier
import glxc.dsl.Dsl
import glxc.dsl.DslException
import glxc.dsl.PlanStep
import glxc.dsl.ScriptModel
import glxc.runtime.api.Container
import glxc.runtime.api.ContainerState

import java.nio.file.Files
import java.nio.file.Path

/**
 * Scripts applied to the real kernel (inside the spec's network namespace): each example in
 * scripts-examples/ plans, applies, runs and downs cleanly; apply is idempotent and puts back what was
 * changed by hand; a failing apply leaves nothing half-made.
 */
class DslApplySpec extends NetnsSpec {
    static final Path EXAMPLES = Path.of(System.getProperty('user.dir')).resolveSibling('scripts-examples')

    ScriptModel example(String name) {
        Dsl.load(EXAMPLES.resolve(name))
    }

    List<PlanStep> changes(ScriptModel m) {
        Dsl.plan(store, m).findAll { it.changes() }
    }

    Applier.Result apply(ScriptModel m, boolean restart = false) {
        Applier.Result r = Dsl.apply(store, m, restart, { })
        assert r.ok(): r.failed()
        r
    }

    String http(Container c, String host, String path) {
        attach(c, 'sh', '-c', "printf 'GET ${path} HTTP/1.0\\r\\n\\r\\n' | nc ${host} 80".toString()).stdout
    }

    def "three tiers: plan, apply, the tiers talk by name, a second plan is empty, down removes all"() {
        given:
        ScriptModel m = example('three-tier.lxc.groovy')

        expect: "the first plan makes the network and creates and starts each tier, in dependency order"
        changes(m)*.kind.count(PlanStep.Kind.CREATE) == 3
        changes(m)*.target.findAll { it.startsWith('tier') }.unique() == ['tier-db', 'tier-app', 'tier-web']

        when:
        apply(m)

        then:
        ['tier-db', 'tier-app', 'tier-web'].every { store.get(it).state() == ContainerState.RUNNING }
        http(store.get('tier-web'), '127.0.0.1', '/cgi-bin/front.cgi').contains('the database says: rows-42')
        changes(m).isEmpty()

        when:
        Applier.Result r = Dsl.down(store, m, { })

        then:
        r.ok()
        store.list().isEmpty()
        store.networks().list().isEmpty()
    }

    def "web and db: DHCP for web, its port forwarded, the database reached by name"() {
        given:
        ScriptModel m = example('web.lxc.groovy')

        when:
        apply(m)
        Container web = store.get('web')

        then:
        web.info().ipv4()[0].startsWith('10.213.3.')
        attach(web, 'sh', '-c', 'nc db 5432 </dev/null').stdout.trim() == 'db-ready'
        http(web, '127.0.0.1', '/index.html').contains('hello from web')
        TestNetns.run('nft', 'list', 'table', 'ip', 'glxc').contains('dport 8080 dnat to ' + web.info().ipv4()[0] + ':80')
        changes(m).isEmpty()

        cleanup:
        Dsl.down(store, m, { })
    }

    def "workers: a loop of containers with their own limits; a limit changed by hand is put back by the next apply"() {
        given:
        ScriptModel m = example('workers.lxc.groovy')
        apply(m)
        Container w2 = store.get('worker-2')

        expect:
        store.list()*.name() == ['worker-1', 'worker-2', 'worker-3']
        Long.parseLong(w2.getCgroupItem('memory.limit_in_bytes')) == 64L << 20

        when: "someone changes it live"
        w2.setCgroupItem('memory.limit_in_bytes', '100M')

        then: "plan sees the drift, and names it"
        changes(m).size() == 1
        changes(m)[0].kind == PlanStep.Kind.CHANGE_LIVE
        changes(m)[0].details[0].contains('104857600 (live) -> 64M')

        when:
        apply(m)

        then:
        Long.parseLong(w2.getCgroupItem('memory.limit_in_bytes')) == 64L << 20
        changes(m).isEmpty()

        cleanup:
        Dsl.down(store, m, { })
    }

    def "a changed script changes a running container live where the kernel allows, and says when a restart is needed"() {
        given:
        Path f = Files.createTempFile('change', '.lxc.groovy')
        f.text = 'container "chg", { template "busybox"; memory limit: "64M"; set "lxc.net.0.type", "empty" }\n'
        apply(Dsl.load(f))
        Container c = store.get('chg')
        int pid = c.info().pid()

        when:
        f.text = 'container "chg", { template "busybox"; memory limit: "96M"; hostname "renamed"; set "lxc.net.0.type", "empty" }\n'
        List<PlanStep> plan = changes(Dsl.load(f))
        Applier.Result r = Dsl.apply(store, Dsl.load(f), false, { })

        then:
        plan*.kind as Set == [PlanStep.Kind.CHANGE, PlanStep.Kind.CHANGE_LIVE, PlanStep.Kind.RESTART] as Set
        Long.parseLong(c.getCgroupItem('memory.limit_in_bytes')) == 96L << 20
        c.info().pid() == pid
        r.done().any { it.contains('restart needed') }
        c.configFile().text().contains('lxc.uts.name = renamed')

        when:
        Dsl.apply(store, Dsl.load(f), true, { })

        then:
        c.info().pid() != pid
        attach(c, 'hostname').stdout.trim() == 'renamed'

        when: "a setting dropped from the script is dropped from the container"
        f.text = 'container "chg", { template "busybox"; set "lxc.net.0.type", "empty" }\n'
        Dsl.apply(store, Dsl.load(f), false, { })

        then:
        !c.configFile().text().contains('memory.limit_in_bytes')

        cleanup:
        Files.deleteIfExists(f)
    }

    def "a failing apply leaves nothing half-made: a container whose start fails is removed, its dependants untouched"() {
        given:
        Path f = Files.createTempFile('fail', '.lxc.groovy')
        f.text = '''
            container "ok", { template "busybox"; set "lxc.net.0.type", "empty" }
            container "broken", { template "busybox"; set "lxc.init.cmd", "/no/such/init"; set "lxc.net.0.type", "empty" }
            container "after", { template "busybox"; dependsOn "broken"; set "lxc.net.0.type", "empty" }
        '''

        when:
        Applier.Result r = Dsl.apply(store, Dsl.load(f), false, { })

        then:
        !r.ok()
        r.failed()['broken'].contains('/no/such/init')
        r.failed()['after'].contains("depends on 'broken'")
        store.list()*.name() == ['ok']
        store.get('ok').state() == ContainerState.RUNNING

        cleanup:
        Files.deleteIfExists(f)
    }

    def "a name that would escape the store is refused before anything is made"() {
        given:
        Path f = Files.createTempFile('escape', '.lxc.groovy')
        f.text = 'container "fine", { template "busybox" }\ncontainer "../evil", { template "busybox" }\n'

        when:
        Applier.Result r = Dsl.apply(store, Dsl.load(f), false, { })

        then:
        DslException e = thrown()
        e.message.contains("${f}:2".toString()) && e.message.contains('../evil')
        store.list().isEmpty()

        cleanup:
        Files.deleteIfExists(f)
    }

    def "hello, the README's main job, runs through the command line and prints from inside"() {
        when:
        def r = cli('run', EXAMPLES.resolve('hello.lxc.groovy').toString())

        then:
        r.exit == 0
        r.out.contains('hello from inside hello: I am PID 2')

        cleanup:
        cli('down', EXAMPLES.resolve('hello.lxc.groovy').toString())
    }
}
