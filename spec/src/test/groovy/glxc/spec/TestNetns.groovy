package glxc.spec

import com.sun.jna.Library
import com.sun.jna.Native

/**
 * A network namespace a spec makes with ip netns, and the spec thread inside it: glxc treats the calling
 * thread's namespace as "the host", so every bridge, veth, nft table and dnsmasq a spec makes lives in
 * here and never on the machine's real network. (setns moves only the calling thread; threads and
 * processes started from it inherit the namespace.)
 */
class TestNetns {
    interface CLib extends Library {
        int setns(int fd, int nstype)
        int open(String path, int flags)
        int close(int fd)
    }

    static final CLib C = Native.load('c', CLib)
    static final int CLONE_NEWNET = 0x40000000, O_CLOEXEC = 0x80000
    final String name
    private int hostFd = -1

    private TestNetns(String name) {
        this.name = name
    }

    static TestNetns create(String name) {
        run('ip', 'netns', 'add', name)
        new TestNetns(name)
    }

    void enter() {
        hostFd = C.open('/proc/thread-self/ns/net', O_CLOEXEC)
        int fd = C.open("/run/netns/${name}".toString(), O_CLOEXEC)
        assert hostFd >= 0 && fd >= 0
        try {
            assert C.setns(fd, CLONE_NEWNET) == 0
        } finally {
            C.close(fd)
        }
        run('ip', 'link', 'set', 'lo', 'up')
    }

    /** Runs work on a thread of its own that joins this namespace (sockets it makes live there), and returns its result. */
    def <T> T inside(Closure<T> work) {
        T result = null
        Throwable failure = null
        Thread t = Thread.start {
            int fd = C.open("/run/netns/${name}".toString(), O_CLOEXEC)
            try {
                assert C.setns(fd, CLONE_NEWNET) == 0
                result = work.call()
            } catch (Throwable e) {
                failure = e
            } finally {
                C.close(fd)
            }
        }
        t.join()
        if (failure) throw failure
        result
    }

    /** A thread in this namespace that runs work until the spec ends (a server). */
    Thread background(Closure work) {
        Thread.startDaemon { inside(work) }
    }

    void leave() {
        if (hostFd < 0) return
        assert C.setns(hostFd, CLONE_NEWNET) == 0
        C.close(hostFd)
        hostFd = -1
    }

    void delete() {
        run('ip', 'netns', 'del', name)
    }

    /** Runs a command from this thread (so in the namespace the thread is in); fails the spec if it fails. */
    static String run(String... cmd) {
        Map r = tryRun(cmd)
        assert r.exit == 0: "${cmd.join(' ')}: ${r.err}"
        r.out
    }

    static Map tryRun(String... cmd) {
        tryRunIn(null, cmd)
    }

    /** cmd in folder dir (null: this process's), no stdin; its exit status, stdout and stderr. */
    static Map tryRunIn(File dir, String... cmd) {
        Process p = new ProcessBuilder(cmd as List).directory(dir).redirectInput(ProcessBuilder.Redirect.from(new File('/dev/null'))).start()
        def err = new StringBuffer()
        Thread t = Thread.start { err << p.errorStream.text }
        String out = p.inputStream.text
        int code = p.waitFor()
        t.join()
        [exit: code, out: out, err: err.toString()]
    }

    /** Interfaces of the current namespace whose names start with glxc but not glxcspec (the specs' own). */
    static List<String> glxcLinks() {
        run('ip', '-o', 'link').readLines().collect { it.split(':')[1].trim().split('@')[0] }
                .findAll { it.startsWith('glxc') && !it.startsWith('glxcspec') }
    }

    /** Whether this kernel can make links of a kind (no module loading here: vlan, for one, may be missing). */
    static boolean kernelHas(String kind) {
        String probe = "glxcspec${kind.take(4)}${ProcessHandle.current().pid() % 10000}"
        if (tryRun('ip', 'link', 'add', 'name', probe, 'link', 'lo', 'type', kind, 'id', '1').exit == 0 ||
                tryRun('ip', 'link', 'add', 'name', probe, 'type', kind).exit == 0) {
            tryRun('ip', 'link', 'del', probe)
            return true
        }
        false
    }

    static boolean hasGlxcTable() {
        tryRun('nft', 'list', 'table', 'ip', 'glxc').exit == 0
    }
}
