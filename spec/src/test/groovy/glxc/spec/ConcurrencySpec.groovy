package glxc.spec

import spock.lang.Timeout

import glxc.runtime.api.Container
import glxc.runtime.api.ContainerState

import java.util.concurrent.Callable
import java.util.concurrent.Executors

/** Two glxc processes racing on one container: one wins, the other gets a clear error, the container is fine. */
@Timeout(120)
class ConcurrencySpec extends KernelSpec {

    def "two glxc processes start the same container at once"() {
        given:
        Container c = busybox('race')
        def pool = Executors.newFixedThreadPool(2)

        when:
        def results = pool.invokeAll([{ cli('start', '-n', 'race') } as Callable, { cli('start', '-n', 'race') } as Callable])*.get()

        then:
        results*.exit.sort() == [0, 1]
        results.find { it.exit == 1 }.err.trim() == "glxc: container 'race' is already running"
        c.state() == ContainerState.RUNNING
        attach(c, 'true').exitCode == 0

        cleanup:
        pool.shutdown()
    }

    def "containers start in parallel from one JVM"() {
        given:
        def names = (1..4).collect { "par${it}".toString() }
        names.each { busybox(it) }
        def pool = Executors.newFixedThreadPool(4)

        when:
        pool.invokeAll(names.collect { n -> { store.existing(n).start(glxc.runtime.api.LaunchOptions.defaults()) } as Callable })*.get()

        then:
        names.every { store.existing(it).state() == ContainerState.RUNNING }

        cleanup:
        pool.shutdown()
    }
}
