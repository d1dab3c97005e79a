package glxc.spec

import glxc.runtime.api.Container
import glxc.runtime.api.ContainerState
import glxc.runtime.store.ExitState

import java.nio.file.Files
import java.nio.file.Path

/** glxc autostart (lxc-autostart): lxc.start.auto, order, delay and groups; -L lists; stop goes in reverse. */
class AutostartSpec extends KernelSpec {

    Container auto(String name, int order, String... more) {
        busybox(name, (['lxc.start.auto=1', "lxc.start.order=${order}".toString(), 'lxc.start.delay=1', 'lxc.net.0.type=empty'] + (more as List)) as String[])
    }

    def "orders 10, 20, 30 with delay 1 start in that order a delay apart, stop in reverse; -L only lists"() {
        given:
        Container c30 = auto('auto-c', 30)
        Container c10 = auto('auto-a', 10)
        Container c20 = auto('auto-b', 20)
        busybox('not-auto', 'lxc.net.0.type=empty')
        auto('grouped', 5, 'lxc.group=web')

        when:
        def list = cli('autostart', '-L')

        then: "the plan, with each delay; nothing started; the grouped one is not in the default selection"
        list.out.readLines() == ['auto-a 1', 'auto-b 1', 'auto-c 1']
        store.list().every { it.state() == ContainerState.STOPPED }

        when:
        def r = cli('autostart')
        List<Long> started = [c10, c20, c30].collect { it.info().startedMillis() }

        then:
        r.exit == 0
        [c10, c20, c30].every { it.state() == ContainerState.RUNNING }
        started[1] - started[0] >= 1000 && started[2] - started[1] >= 1000
        store.get('not-auto').state() == ContainerState.STOPPED
        store.get('grouped').state() == ContainerState.STOPPED

        when:
        def stop = cli('autostart', '-s', '-t', '10')
        List<Long> stopped = [c10, c20, c30].collect { ExitState.read(it.paths().exit()).get().stoppedMillis() }

        then:
        stop.out.readLines() == ['stopped auto-c', 'stopped auto-b', 'stopped auto-a']
        stopped[2] <= stopped[1] && stopped[1] <= stopped[0]
    }

    def "-g selects groups, -a every group, -A ignores lxc.start.auto"() {
        given:
        auto('g-web', 1, 'lxc.group=web')
        auto('g-db', 2, 'lxc.group=db')
        auto('g-none', 3)
        busybox('g-manual', 'lxc.group=web', 'lxc.net.0.type=empty')

        expect:
        cli('autostart', '-L', '-g', 'web').out.readLines()*.split(' ')*.getAt(0) == ['g-web']
        cli('autostart', '-L', '-g', 'web,db').out.readLines()*.split(' ')*.getAt(0) == ['g-web', 'g-db']
        cli('autostart', '-L', '-a').out.readLines()*.split(' ')*.getAt(0) == ['g-web', 'g-db', 'g-none']
        cli('autostart', '-L', '-A', '-g', 'web').out.readLines()*.split(' ')*.getAt(0) == ['g-manual', 'g-web']
        cli('autostart', '-L', '-g', 'web,').out.readLines()*.split(' ')*.getAt(0) == ['g-web', 'g-none']   // LXC's "onboot,": the empty name is no group
    }

    def "--install writes a systemd unit (never started here), --uninstall removes it"() {
        given:
        Path dir = Files.createTempDirectory('glxc-unit-')

        when:
        cli('autostart', '--install', '--unit-dir', dir.toString())
        String unit = dir.resolve('glxc.service').text

        then:
        unit.contains('autostart\n') && unit.contains('ExecStop=') && unit.contains("GLXC_PATH=${storeDir}".toString())

        when:
        cli('autostart', '--uninstall', '--unit-dir', dir.toString())

        then:
        !Files.exists(dir.resolve('glxc.service'))

        cleanup:
        glxc.runtime.storage.FileTrees.delete(dir)
    }
}
