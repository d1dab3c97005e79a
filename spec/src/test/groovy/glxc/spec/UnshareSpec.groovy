package glxc.spec

/** glxc unshare and usernsexec (lxc-unshare, lxc-usernsexec): commands in new namespaces, through the shim. */
class UnshareSpec extends KernelSpec {

    def "unshare: a new UTS, PID and mount namespace with a fresh /proc: its own hostname, PID 1, only its processes"() {
        when:
        def r = cli('unshare', '-s', 'MOUNT|PID|UTSNAME', '-H', 'glxc-unshared', '-M', '--', 'sh', '-c', 'hostname; echo $$; ls /proc | grep -c "^[0-9]"')

        then:
        r.exit == 0
        r.out.readLines() == ['glxc-unshared', '1', '3']   // sh, ls and grep
        new File('/proc/sys/kernel/hostname').text.trim() != 'glxc-unshared'
    }

    def "unshare: a new network namespace has only lo; the command's status is glxc's"() {
        expect:
        cli('unshare', '-s', 'NETWORK', '--', 'cat', '/proc/net/dev').out.readLines().drop(2)*.trim()*.takeWhile { it != ':' } == ['lo']
        cli('unshare', '-s', 'PID', '--', 'sh', '-c', 'exit 7').exit == 7
        cli('unshare', '-s', 'PID', '-u', 'nobody', '--', 'id', '-u').out.trim() == '65534'   // a user name, as lxc-unshare takes
    }

    def "usernsexec: root inside is the mapped range outside"() {
        when:
        def r = cli('usernsexec', '-m', 'b:0:100000:65536', '--', 'sh', '-c', 'id -u; id -g; cat /proc/self/uid_map; cat /proc/self/gid_map')
        def lines = r.out.readLines()*.trim()*.split(/\s+/)*.toList()

        then:
        r.exit == 0
        lines[0] == ['0']
        lines[1] == ['0']
        lines[2] == ['0', '100000', '65536']
        lines[3] == ['0', '100000', '65536']
    }

    def "bad input is refused with the reason"() {
        expect:
        cli('unshare', '-s', 'WORMHOLE', '--', 'true').err.contains('no such namespace: WORMHOLE')
        cli('unshare', '-s', 'PID', '-H', 'x', '--', 'true').err.contains('-H needs UTSNAME')
        cli('usernsexec', '-m', 'x:0:1', '--', 'true').err.contains('u|g|b:INSIDE:OUTSIDE:COUNT')
        cli('usernsexec', '-m', 'u:0:100000:65536', '--', 'true').err.contains('both a uid and a gid 0')
    }
}
