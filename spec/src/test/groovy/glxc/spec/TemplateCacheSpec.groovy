package glxc.spec

import glxc.runtime.api.Store
import glxc.runtime.storage.LayerStore
import glxc.runtime.template.ComposedTemplate
import glxc.runtime.template.Recipe
import glxc.runtime.template.Template
import glxc.runtime.template.TemplateCache
import glxc.runtime.template.TemplateContext
import glxc.runtime.template.TemplateException
import glxc.runtime.template.Templates
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicInteger

/** The template cache without a container: one build per key, whoever asks for it; keys; cycles of composed templates. */
@Timeout(60)
class TemplateCacheSpec extends Specification {
    @TempDir Path work

    private TemplateContext context(Store store, String name) {
        Path dir = Files.createDirectories(store.path().resolve(name))
        new TemplateContext(store, name, dir, Files.createDirectories(dir.resolve('rootfs')), dir.resolve('config'), [], null)
    }

    def "two creates of one template in one JVM at once: one builds, the other waits and takes its layer"() {
        given:
        Store store = Store.open(work.resolve('store'))
        AtomicInteger builds = new AtomicInteger()
        CountDownLatch bothStarted = new CountDownLatch(2)
        TemplateCache.Builder builder = { Path tree, Path log ->
            builds.incrementAndGet()
            Files.writeString(tree.resolve('built'), 'once')
            Thread.sleep(300)   // the other create asks while this one holds the lock
        }
        def pool = Executors.newFixedThreadPool(2)

        when:
        def results = ['c1', 'c2'].collect { String n ->
            pool.submit({ bothStarted.countDown(); bothStarted.await(); TemplateCache.ensure(context(store, n), 'spec', 'k1', false, builder) } as Callable<LayerStore.Layer>)
        }*.get()

        then:
        builds.get() == 1
        results[0].digest() == results[1].digest()
        Files.readString(results[0].rootfs().resolve('built')) == 'once'

        cleanup:
        pool?.shutdownNow()
    }

    def "a key tells its inputs apart even when one holds the separator of another"() {
        expect:
        TemplateCache.key('a\nb') != TemplateCache.key('a', 'b')
        TemplateCache.key('a', 'b\nc') != TemplateCache.key('a\nb', 'c')
        TemplateCache.key('', 'x') != TemplateCache.key('x', '')
        TemplateCache.key('a', 'b') == TemplateCache.key('a', 'b')
        TemplateCache.key('a', 'b') ==~ /[0-9a-f]{32}/
    }

    def "a composed template built from itself, directly or through another, is an error that names the cycle"() {
        given:
        Map<String, Template> library = [:]
        [['spec-cycle-self', 'spec-cycle-self'], ['spec-cycle-a', 'spec-cycle-b'], ['spec-cycle-b', 'spec-cycle-a']].each { String n, String base ->
            library[n] = new ComposedTemplate(new Recipe(n, base, [], [], Path.of('/spec/cycles.lxc.groovy')))
        }
        Templates.addSource(new Templates.Source() {
            Optional<Template> find(String name) { Optional.ofNullable(library[name]) }

            List<Template> all() { [] }
        })
        Store store = Store.open(work.resolve('store'))

        when:
        (library[start] as ComposedTemplate).prepare(context(store, 'c1'))

        then:
        TemplateException e = thrown()
        e.message == "container 'c1': template '${start}': /spec/cycles.lxc.groovy: the templates are built from each other in a cycle: ${chain}".toString()

        where:
        start             | chain
        'spec-cycle-self' | 'spec-cycle-self from spec-cycle-self'
        'spec-cycle-a'    | 'spec-cycle-a from spec-cycle-b from spec-cycle-a'
    }
}
