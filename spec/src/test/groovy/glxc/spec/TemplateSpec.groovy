package glxc.spec

import spock.lang.Timeout

import glxc.runtime.api.Container
import glxc.runtime.api.CreateOptions
import glxc.runtime.api.LaunchOptions
import glxc.runtime.config.ConfigFile
import spock.lang.IgnoreIf

import java.nio.file.Files
import java.nio.file.Path

/** Templates build real root filesystems; LXC's calling convention lets any executable be one. */
@Timeout(120)
class TemplateSpec extends KernelSpec {

    def "busybox writes an LXC config with LXC's header and a rootfs whose init is busybox"() {
        when:
        Container c = busybox('tp-bb')
        def lines = c.configPath().readLines()

        then:
        lines[0] == '# Template used to create this container: busybox'
        lines.contains('lxc.rootfs.path = dir:' + storeDir.resolve('tp-bb/rootfs'))
        lines.contains('lxc.uts.name = tp-bb')
        lines.contains('lxc.signal.halt = SIGUSR1')
        Files.isSymbolicLink(c.dir().resolve('rootfs/sbin/init'))
        Files.isExecutable(c.dir().resolve('rootfs/bin/busybox'))
        execute(c, '/bin/sh', '-c', 'echo $container').stdout.trim() == 'lxc'
    }

    def "host: an application container over the host's programs, read-only, with its own /etc"() {
        given:
        Container c = store.create('tp-host', CreateOptions.template('host'))

        when:
        def out = execute(c, '/bin/sh', '-c', 'cat /etc/hostname; ls /usr/bin | wc -l; touch /usr/x 2>&1; touch /etc/x && echo etc-writable')

        then:
        out.stdout.readLines()[0] == 'tp-host'
        (out.stdout.readLines()[1] as int) > 100
        out.stdout.contains('Read-only file system')
        out.stdout.contains('etc-writable')
        !Files.exists(Path.of('/etc/x'))
    }

    def "a template script gets LXC's arguments and the options after --"() {
        given:
        Path script = Files.createTempFile('tpl', '.sh')
        script.text = '''#!/bin/sh
for a in "$@"; do case "$a" in --path=*) path="${a#--path=}";; --rootfs=*) rootfs="${a#--rootfs=}";; esac; done
echo "$@" > "$path/args"
grep -q '^lxc.rootfs.path' "$path/config" || exit 9
mkdir -p "$rootfs/bin" "$rootfs/proc" "$rootfs/sys" "$rootfs/dev"
cp "$(command -v busybox)" "$rootfs/bin/busybox" && ln -s busybox "$rootfs/bin/sh"
echo "lxc.init.cmd = /bin/sh" >> "$path/config"
echo "template says hello"
'''
        script.toFile().setExecutable(true)

        when:
        Container c = store.create('tp-script', CreateOptions.template(script.toString(), '--release', 'x'))

        then:
        c.dir().resolve('args').text.trim() == "--path=${c.dir()} --name=tp-script --rootfs=${c.dir()}/rootfs --release x".toString()
        c.configPath().readLines()[0] == "# Template used to create this container: ${script}".toString()
        c.configPath().readLines()[1] == '# Parameters passed to the template: --release x'
        execute(c, '/bin/sh', '-c', 'echo ok').stdout == 'ok\n'

        cleanup:
        Files.deleteIfExists(script)
    }

    @IgnoreIf({ !Files.isExecutable(Path.of('/usr/share/lxc/templates/lxc-busybox')) })
    def "LXC's own busybox template runs unchanged and its container starts"() {
        when:
        Container c = store.create('tp-lxcbb', CreateOptions.template('/usr/share/lxc/templates/lxc-busybox'))
        c.start(LaunchOptions.defaults())

        then:
        ConfigFile.read(c.configPath()).lines().any { it.key() == 'lxc.mount.auto' }
        attach(c, 'hostname').stdout.trim() == 'tp-lxcbb'
    }

    def "ubuntu without a mirror says so and leaves nothing; template ls lists built-in and composed templates"() {
        when:
        store.create('tp-ubuntu', CreateOptions.template('ubuntu'))

        then:
        glxc.runtime.api.GlxcException e = thrown()
        e.message.contains('--mirror')
        !store.get('tp-ubuntu').exists()

        when:
        def ls = cli('template', 'ls')

        then:
        ls.exit == 0
        ['busybox', 'host', 'debian', 'ubuntu', 'oci'].every { n -> ls.out.readLines().any { it.startsWith(n + ' ') && it.contains('built-in') } }
    }
}
