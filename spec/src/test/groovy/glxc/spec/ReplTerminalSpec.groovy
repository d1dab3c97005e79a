package glxc.spec

import glxc.runtime.api.ContainerState
import spock.lang.Requires

/** The real REPL on a real terminal (tmux): start a container, :shell into it, run hostname, escape back with Ctrl-], stop it. */
@Requires({ new File('/usr/bin/tmux').exists() })
class ReplTerminalSpec extends KernelSpec {
    String session = "glxcspec${ProcessHandle.current().pid()}"

    def cleanup() {
        TestNetns.tryRun('tmux', 'kill-session', '-t', session)
    }

    String screen() {
        TestNetns.run('tmux', 'capture-pane', '-p', '-t', session)
    }

    void keys(String... keys) {
        TestNetns.run((['tmux', 'send-keys', '-t', session] + (keys as List)) as String[])
    }

    /** Waits until the pane shows text (after the position it showed it times before); returns the screen. */
    String await(String text, int times = 1, long millis = 20000) {
        long deadline = System.currentTimeMillis() + millis
        while (System.currentTimeMillis() < deadline) {
            String s = screen()
            if (s.count(text) >= times) return s
            Thread.sleep(100)
        }
        throw new AssertionError("the terminal never showed '${text}' (${times}x):\n" + screen())
    }

    def "start, :shell, hostname inside, Ctrl-] back to the REPL, stop"() {
        given:
        busybox('tmuxweb', 'lxc.net.0.type=empty')
        String command = [javaBin(), '-cp', System.getProperty('java.class.path'), 'glxc.cli.Main', 'repl', '-P', storeDir.toString(), '--no-history']
                .collect { "'${it}'" }.join(' ')
        TestNetns.run('tmux', 'new-session', '-d', '-s', session, '-x', '160', '-y', '50', command)

        when:
        await('glxc>')
        keys('start -n tmuxweb', 'Enter')
        await('glxc>', 2)
        keys(':shell tmuxweb', 'Enter')
        await('#')
        keys('hostname', 'Enter')
        String inside = await('tmuxweb', 2)   // the command line's name, then hostname's answer
        keys('C-]')   // the escape: back to the REPL
        await('glxc>', 3)
        keys('stop -n tmuxweb -k', 'Enter')
        await('glxc>', 4)

        then:
        inside.readLines().any { it.trim() == 'tmuxweb' }
        store.get('tmuxweb').state() == ContainerState.STOPPED

        when:
        keys(':quit', 'Enter')
        Thread.sleep(500)

        then:
        TestNetns.tryRun('tmux', 'has-session', '-t', session).exit != 0   // the REPL ended, and with it the session
    }
}
