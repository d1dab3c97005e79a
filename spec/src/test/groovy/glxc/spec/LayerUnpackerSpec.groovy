package glxc.spec

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
}
