package glxc.spec

import spock.lang.Timeout

import glxc.runtime.api.Container
import glxc.runtime.api.ContainerState
import glxc.runtime.api.LaunchOptions
import glxc.runtime.api.ShimException
import glxc.runtime.api.StopOptions

import java.nio.file.Files
import java.nio.file.Path

/** lxc.hook.*: LXC's arguments (name, section, type) and LXC_* environment, at the right moments. */
@Timeout(120)
class HookSpec extends KernelSpec {
    Path log

    def setup() {
        log = Files.createTempFile('hooks', '.log')
    }

    def cleanup() {
        Files.deleteIfExists(log)
    }

    String hook(String tag) {
        Path script = Files.createTempFile('hook', '.sh')
        script.text = "#!/bin/sh\necho \"${tag} \$* \$LXC_NAME \$LXC_HOOK_TYPE \$LXC_ROOTFS_PATH\" >> ${log}\n"
        script.toFile().setExecutable(true)
        script.toString()
    }

    def "host hooks run with LXC's arguments and environment, in order"() {
        given:
        Container c = busybox('hk',
                "lxc.hook.pre-start=${hook('A')}", "lxc.hook.pre-mount=${hook('B')}", "lxc.hook.mount=${hook('C')}",
                "lxc.hook.post-stop=${hook('D')}", "lxc.hook.destroy=${hook('E')}")

        when:
        c.start(LaunchOptions.defaults())
        c.stop(StopOptions.killNow())
        c.destroy(false)
        def lines = log.readLines()
        def rootfs = storeDir.resolve('hk/rootfs')

        then:
        lines == ["A hk lxc pre-start hk pre-start ${rootfs}", "B hk lxc pre-mount hk pre-mount ${rootfs}",
                  "C hk lxc mount hk mount ${rootfs}", "D hk lxc post-stop hk post-stop ${rootfs}",
                  "E hk lxc destroy hk destroy ${rootfs}"]*.toString()
    }

    def "a start hook runs inside the container, after pivot_root"() {
        given:
        Container c = busybox('hk-in')
        Path script = c.dir().resolve('rootfs/hook.sh')
        script.text = '#!/bin/sh\necho "$3 $(hostname)" > /start-hook-ran\n'
        script.toFile().setExecutable(true)
        c.setConfigItem('lxc.hook.start', '/hook.sh')

        when:
        c.start(LaunchOptions.defaults())

        then:
        c.dir().resolve('rootfs/start-hook-ran').text.trim() == 'start hk-in'
    }

    def "a failing pre-start hook aborts the start with its name and leaves nothing"() {
        given:
        Container c = busybox('hk-fail', 'lxc.hook.pre-start=/bin/false')

        when:
        c.start(LaunchOptions.defaults())

        then:
        def e = thrown(ShimException)
        e.step() == 'pre-start'
        e.message.contains("hook '/bin/false' failed with status 1")
        c.state() == ContainerState.STOPPED
        HostObjects.cgroups().isEmpty()
        HostObjects.processes(storeDir).isEmpty()
    }
}
