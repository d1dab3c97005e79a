package glxc.spec

import glxc.runtime.api.GlxcException
import glxc.runtime.image.InRoot
import glxc.runtime.image.LayerUnpacker
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.LinkOption
import java.nio.file.Path
import java.nio.file.attribute.FileTime

import static glxc.spec.TarLayers.*

/** One layer applied onto a folder, without a container: what a hostile entry can and cannot reach. */
@Timeout(60)
class LayerUnpackerSpec extends Specification {
    @TempDir Path work
    List<String> warnings = []

    private Path apply(Path... layers) {
        Path root = Files.createDirectories(work.resolve('root'))
        LayerUnpacker u = new LayerUnpacker(root, { warnings << it })
        layers.eachWithIndex { Path l, int i -> u.apply(l, "layer${i}") }
        root
    }

    private static long mtime(Path p) {
        Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).to(java.util.concurrent.TimeUnit.SECONDS)
    }

    def "folders get their entry's time once the layer is applied, the last entry of a folder listed twice winning"() {
        when:
        Path root = apply(layer(work, dir('d/', [mtime: 1000]), file('d/f', 'x', [mtime: 2000]), dir('e/', [mtime: 3000]), dir('e/', [mtime: 4000])))

        then:
        mtime(root.resolve('d')) == 1000
        mtime(root.resolve('d/f')) == 2000
        mtime(root.resolve('e')) == 4000
    }

    def "a folder's time is never set through a link that a later entry put on its path"() {
        given: 'a host folder with a sub folder, and a layer that makes x/ssl/ and then replaces x by a link to the host folder'
        Path host = work.resolve('host')
        Files.createDirectories(host.resolve('ssl'))
        Files.setLastModifiedTime(host, FileTime.fromMillis(5_000_000))
        Files.setLastModifiedTime(host.resolve('ssl'), FileTime.fromMillis(5_000_000))
        Path l = layer(work, dir('x/', [mtime: 1000]), dir('x/ssl/', [mtime: 1000]), link('x', host.toString()))

        when:
        Path root = apply(l)

        then: 'the host folders keep their times; the link is in the rootfs'
        mtime(host) == 5000
        mtime(host.resolve('ssl')) == 5000
        Files.isSymbolicLink(root.resolve('x'))
    }

    @Timeout(20)
    def "a huge entry name or link target is refused at once, naming the entry: #what"() {
        when:
        apply(layer(work, entry))

        then:
        GlxcException e = thrown()
        e.message.startsWith('layer layer0: ')
        e.message.contains(named)
        e.message.contains(why)
        e.message.endsWith(': refused')

        where:
        what                | entry                              | named                              | why
        'a 40 KB name'      | file('a/' * 20_000 + 'f', 'x')     | "the entry 'a/a/a/a/"              | 'is 40001 bytes long (at most 4096)'
        'a 40 KB hardlink'  | hardlink('h', 'b/' * 20_000 + 'f') | "the link target of the entry 'h'" | 'is 40001 bytes long (at most 4096)'
        'a 39 KB symlink'   | link('s', '../' * 13_000)          | "the link target of the entry 's'" | 'is 39000 bytes long (at most 4096)'
        'a name of 1101 names' | file('a/' * 1100 + 'f', 'x')    | "the entry 'a/a/"                  | 'has 1101 names (at most 1024)'
    }

    @Timeout(20)
    def "a path that links make long is walked one name at a time and stopped past 4096 bytes"() {
        given: 'l points 1000 names down; a path through l forty times over would be 40000 names long'
        Path root = Files.createDirectories(work.resolve('root'))
        Files.createDirectories(root.resolve('d/' * 1000))
        Files.createSymbolicLink(root.resolve('l'), Path.of('/d/' + 'd/' * 999))

        expect:
        InRoot.resolve(root, 'l/' + '../' * 1000 + 'l/x') == root.resolve('d/' * 1000 + 'x')

        when: 'names past the link that take the path beyond 4096 bytes'
        InRoot.resolve(root, 'l/' + ('y' * 200 + '/') * 15)

        then:
        IOException e = thrown()
        e.message.contains('resolves to a path of more than 4096 characters')
    }

    private static byte[] xattr(Path p, String name) {
        Process g = new ProcessBuilder('getfattr', '-h', '-e', 'hex', '-n', name, p.toString()).redirectErrorStream(true).start()
        String out = g.inputStream.text
        g.waitFor()
        String line = out.readLines().find { it.startsWith(name + '=0x') }
        line == null ? null : line.substring(name.length() + 3).decodeHex()
    }

    def "xattr values are set byte for byte: a file capability and a binary user value"() {
        given: 'CAP_NET_RAW and CAP_SETFCAP, effective (vfs_cap_data v2: the 0x80 byte is no UTF-8)'
        byte[] cap = [0x01, 0, 0, 0x02, 0x00, 0x20, 0x00, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] as byte[]
        byte[] binary = (0..255).collect { it as byte } as byte[]

        when:
        Path root = apply(layer(work, file('ping', 'x', [mode: 0755, xattrs: ['security.capability': cap, 'user.blob': binary, 'user.text': 'h\u00e9'.getBytes('UTF-8')]])))

        then:
        xattr(root.resolve('ping'), 'security.capability') == cap
        xattr(root.resolve('ping'), 'user.blob') == binary
        xattr(root.resolve('ping'), 'user.text') == 'h\u00e9'.getBytes('UTF-8')
        warnings.isEmpty()
    }

    def "xattrs an image may not forge are skipped with a warning; one the filesystem refuses is a warning too"() {
        when:
        Path root = apply(layer(work,
                dir('d/', [xattrs: ['trusted.overlay.opaque': 'y'.bytes, 'user.overlay.redirect': '/etc'.bytes, 'user.ok': '1'.bytes]]),
                link('l', 'd') + [xattrs: ['user.on-a-link': '1'.bytes]]))

        then:
        xattr(root.resolve('d'), 'trusted.overlay.opaque') == null
        xattr(root.resolve('d'), 'user.overlay.redirect') == null
        xattr(root.resolve('d'), 'user.ok') == '1'.bytes
        warnings.any { it.contains('skipped the xattr trusted.overlay.opaque of /d in layer layer0') }
        warnings.any { it.contains('skipped the xattr user.overlay.redirect of /d') }
        warnings.any { it.contains('could not set the xattr user.on-a-link of /l') && it.contains('Operation not permitted') }
        Files.isSymbolicLink(root.resolve('l'))
    }

    def "a PAX header of more than 1 MiB is refused"() {
        when:
        apply(layer(work, file('f', 'x', [xattrs: ['user.big': new byte[(1 << 20) + 1]]])))

        then:
        GlxcException e = thrown()
        e.message == 'layer layer0: a PAX header of more than 1048576 bytes: refused'
    }
}
