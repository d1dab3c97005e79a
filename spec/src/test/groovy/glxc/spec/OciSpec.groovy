package glxc.spec

import glxc.runtime.api.Container
import glxc.runtime.api.CreateOptions
import glxc.runtime.api.GlxcException
import org.apache.commons.compress.archivers.tar.TarArchiveEntry
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream
import spock.lang.IgnoreIf
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest
import java.util.zip.GZIPOutputStream

/** OCI images as root filesystems: a layout made by umoci, and hand-made layers that try to escape. */
@Timeout(120)
class OciSpec extends KernelSpec {

    @IgnoreIf({ !Files.isExecutable(Path.of('/usr/bin/umoci')) })
    def "an image layout made by umoci imports, is cached, and its entrypoint runs with execute"() {
        given:
        Path work = Files.createTempDirectory('oci-spec-')
        StorageSpec.sh("""set -e; cd ${work}
            umoci init --layout img; umoci new --image img:app; umoci unpack --image img:app bundle >/dev/null
            cp /bin/busybox bundle/rootfs/busybox; mkdir -p bundle/rootfs/bin bundle/rootfs/etc
            for a in sh echo id; do ln -s /busybox bundle/rootfs/bin/\$a; done
            echo 'app:x:1000:1000::/:/bin/sh' > bundle/rootfs/etc/passwd
            umoci repack --image img:app bundle
            umoci config --image img:app --config.entrypoint /bin/sh --config.entrypoint -c \
              --config.cmd 'echo "hello \$GREETING"; id -u; pwd; exit 3' --config.env GREETING=oci --config.workingdir /tmp --config.user app --tag app""")

        when:
        Container c = store.create('oci-app', CreateOptions.template('oci', '--url', "oci:${work}/img:app".toString()))
        def out = execute(c)
        Container again = store.create('oci-app2', CreateOptions.template('oci', '--url', "oci:${work}/img:app".toString()).withBackend('overlay'))

        then:
        out.exitCode() == 3
        out.stdout().readLines() == ['hello oci', '1000', '/tmp']
        c.configPath().readLines().contains('lxc.init.uid = 1000')
        store.layers().list().size() == 1   // the second create took the cached layer
        again.config().rootfsSource().get().configValue().contains('.glxc-layers/sha256-')
        execute(again).stdout().readLines()[0] == 'hello oci'

        cleanup:
        glxc.runtime.storage.FileTrees.delete(work)
    }

    @IgnoreIf({ !Files.isExecutable(Path.of('/usr/bin/umoci')) })
    def "a composed template's copy on an OCI base: a path with a space, a file into a folder, the base's links followed, root's files"() {
        given:
        Path work = Files.createTempDirectory('oci-composed-')
        StorageSpec.sh("""set -e; cd ${work}
            umoci init --layout img; umoci new --image img:base; umoci unpack --image img:base bundle >/dev/null
            cp /bin/busybox bundle/rootfs/busybox; mkdir -p bundle/rootfs/bin bundle/rootfs/etc bundle/rootfs/real
            for a in sh cat test stat; do ln -s /busybox bundle/rootfs/bin/\$a; done
            echo 'root:x:0:0::/:/bin/sh' > bundle/rootfs/etc/passwd
            ln -s /real bundle/rootfs/opt
            umoci repack --image img:base bundle""")
        Files.createDirectories(work.resolve('lib/my app'))
        work.resolve('lib/my app/run.sh').text = 'echo run\n'
        work.resolve('motd').text = 'composed\n'
        work.resolve('oci-composed.lxc.groovy').text = """template "oci-composed", {
    from "oci", url: "oci:${work}/img:base"
    copy "lib/my app", to: "/opt/app"
    copy "motd", to: "/etc"
}"""
        glxc.runtime.template.Templates.addSource(new glxc.dsl.TemplateLibrary([work]))

        when:
        Container c = store.create('oci-comp', CreateOptions.template('oci-composed'))
        def out = execute(c, '/bin/sh', '-c', 'cat /opt/app/run.sh /etc/motd; test -L /opt && echo link; cat /etc/passwd; stat -c %u /real/app/run.sh')

        then:
        out.stdout.readLines() == ['echo run', 'composed', 'link', 'root:x:0:0::/:/bin/sh', '0']
        store.list().every { !it.name().startsWith('glxc-build-') }

        cleanup:
        glxc.runtime.storage.FileTrees.delete(work)
    }

    @IgnoreIf({ !Files.isExecutable(Path.of('/usr/bin/docker-registry')) || !Files.isExecutable(Path.of('/usr/bin/skopeo')) })
    def "an image pushed to a registry on loopback imports through skopeo"() {
        given: 'a registry of our own on 127.0.0.1, and an image in it'
        Path work = Files.createTempDirectory('oci-registry-')
        int port = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()).withCloseable { it.localPort }
        work.resolve('config.yml').text = "version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${work}/data\nhttp:\n  addr: 127.0.0.1:${port}\n"
        Process registry = new ProcessBuilder('/usr/bin/docker-registry', 'serve', work.resolve('config.yml').toString())
                .redirectErrorStream(true).redirectOutput(work.resolve('registry.log').toFile()).start()
        long deadline = System.currentTimeMillis() + 10_000
        while (System.currentTimeMillis() < deadline && !reachable(port)) sleep(50)
        Path l = layout([layer(file('bin/sh', busybox(), 0755), file('hello', 'from the registry\n'))])
        StorageSpec.sh("skopeo copy --dest-tls-verify=false oci:${l}:t docker://127.0.0.1:${port}/glxc-spec/app:1")

        when:
        Container c = store.create('oci-reg', CreateOptions.template('oci', '--url', "docker://127.0.0.1:${port}/glxc-spec/app:1".toString(), '--insecure'))

        then:
        execute(c, '/bin/sh', '-c', 'read line < /hello; echo "$line"').stdout == 'from the registry\n'
        !Files.list(storeDir).withCloseable { s -> s.anyMatch { it.fileName.toString().startsWith('.glxc-oci-') } }   // the fetched layout is gone

        cleanup:
        registry?.destroy()
        registry?.waitFor()
        glxc.runtime.storage.FileTrees.delete(work)
    }

    private static boolean reachable(int port) {
        try {
            new Socket(InetAddress.getLoopbackAddress(), port).close()
            return true
        } catch (IOException e) {
            return false
        }
    }

    def "whiteouts remove files of the layers below, opaque folders empty them"() {
        given:
        Path layout = layout([
                layer(dir('etc/'), file('etc/keep', 'k'), file('etc/gone', 'g'), dir('opq/'), file('opq/old', 'o'), file('bin/sh', busybox(), 0755)),
                layer(file('etc/.wh.gone', ''), file('opq/.wh..wh..opq', ''), file('opq/new', 'n'))])

        when:
        Container c = store.create('oci-wh', CreateOptions.template('oci', '--url', "oci:${layout}:t".toString()))
        Path r = c.dir().resolve('rootfs')

        then:
        Files.exists(r.resolve('etc/keep'))
        !Files.exists(r.resolve('etc/gone'))
        !Files.exists(r.resolve('opq/old'))
        Files.readString(r.resolve('opq/new')) == 'n'
        !Files.exists(r.resolve('opq/.wh..wh..opq'))
    }

    def "a symlink to a host folder never lets a later entry write on the host"() {
        given: 'etc is a link to /etc, then a file under it'
        String hostFile = "glxc-oci-escape-${System.nanoTime()}"
        Path layout = layout([layer(link('etc', '/etc'), file('bin/sh', busybox(), 0755)), layer(file("etc/${hostFile}", 'pwned'))])

        when:
        GlxcException refused = null
        try {
            store.create('oci-esc', CreateOptions.template('oci', '--url', "oci:${layout}:t".toString()))
        } catch (GlxcException e) {
            refused = e
        }

        then: 'the link resolves inside the rootfs (to itself: a loop, refused); the host is unchanged'
        refused != null && refused.message.contains('too many levels of symbolic links')
        !Files.exists(Path.of('/etc', hostFile))
        !store.get('oci-esc').exists()
    }

    def "relative links climb no higher than the rootfs, absolute hardlinks point inside it"() {
        given:
        String hostFile = "glxc-oci-escape-${System.nanoTime()}"
        Path layout = layout([
                layer(link('up', '../../../../../../../../tmp'), dir('tmp/'), dir('etc/'), file('etc/hostname', 'inside\n'), file('bin/sh', busybox(), 0755)),
                layer(file("up/${hostFile}", 'contained'), hardlink('hn', '/etc/hostname'))])
        String hostname = Files.readString(Path.of('/etc/hostname'))

        when:
        Container c = store.create('oci-rel', CreateOptions.template('oci', '--url', "oci:${layout}:t".toString()))
        Path r = c.dir().resolve('rootfs')

        then:
        !Files.exists(Path.of('/tmp', hostFile))
        Files.readString(r.resolve("tmp/${hostFile}")) == 'contained'
        Files.readString(r.resolve('hn')) == 'inside\n'
        Files.readString(Path.of('/etc/hostname')) == hostname
    }

    def "'..' entries are refused and leave no container and no cache entry; device nodes are not made"() {
        when:
        Path bad = layout([layer(file('../../../tmp/glxc-oci-dotdot', 'x'))])
        store.create('oci-dotdot', CreateOptions.template('oci', '--url', "oci:${bad}:t".toString()))

        then:
        GlxcException e = thrown()
        e.message.contains("climbs out with '..'")
        !Files.exists(Path.of('/tmp/glxc-oci-dotdot'))
        !store.get('oci-dotdot').exists()
        store.layers().list().isEmpty()

        when:
        Path dev = layout([layer(device('dev/sda', 8, 0), file('bin/sh', busybox(), 0755))])
        Container c = store.create('oci-dev', CreateOptions.template('oci', '--url', "oci:${dev}:t".toString()))

        then:
        !Files.exists(c.dir().resolve('rootfs/dev/sda'), java.nio.file.LinkOption.NOFOLLOW_LINKS)
    }

    def "a whiteout of '..' or '.' is refused and removes nothing"() {
        given:
        Path sentinel = Files.createTempDirectory(storeDir, 'sentinel-')

        when:
        Path bad = layout([layer(dir('d/'), file('bin/sh', busybox(), 0755)), layer(file(name, ''))])
        store.create('oci-wh-dots', CreateOptions.template('oci', '--url', "oci:${bad}:t".toString()))

        then:
        GlxcException e = thrown()
        e.message.contains('names no file')
        Files.isDirectory(sentinel)
        !store.get('oci-wh-dots').exists()

        where:
        name << ['.wh...', 'd/.wh...', 'd/.wh..']
    }

    def "a corrupt blob is named and refused"() {
        given:
        Path l = layout([layer(file('a', 'a'))])
        Path blob = gzipBlob(l)
        byte[] bytes = Files.readAllBytes(blob)
        bytes[bytes.length.intdiv(2)] ^= 0x55   // the same size, another content
        Files.write(blob, bytes)

        when:
        store.create('oci-bad', CreateOptions.template('oci', '--url', "oci:${l}:t".toString()))

        then:
        GlxcException e = thrown()
        e.message.contains('is corrupt')
        !store.get('oci-bad').exists()
    }

    def "a blob that is a link, a FIFO or not of its declared size is refused without being read"() {
        given:
        Path l = layout([layer(file('a', 'a'))])
        Path blob = which == 'the image config' ? configBlob(l) : gzipBlob(l)
        long size = Files.size(blob)
        Files.delete(blob)
        switch (kind) {
            case 'link': Files.createSymbolicLink(blob, Path.of('/dev/zero')); break
            case 'fifo': StorageSpec.sh("mkfifo ${blob}"); break
            default: Files.write(blob, new byte[size + 1])
        }

        when:
        store.create('oci-blob', CreateOptions.template('oci', '--url', "oci:${l}:t".toString()))

        then:
        GlxcException e = thrown()
        e.message.contains("${which} sha256:${blob.fileName} of ${l}".toString())
        e.message.contains(kind == 'link' ? 'is a symbolic link' : kind == 'fifo' ? 'is not a regular file' : "has ${size + 1} bytes, its descriptor says ${size}".toString())
        !store.get('oci-blob').exists()

        where:
        which        | kind
        'the layer'  | 'link'
        'the layer'  | 'fifo'
        'the layer'  | 'longer'
        'the image config' | 'link'
    }

    def "a manifest of more than 4 MiB is refused"() {
        given:
        Path l = layout([layer(file('a', 'a'))], 'x' * (5 << 20))

        when:
        store.create('oci-huge', CreateOptions.template('oci', '--url', "oci:${l}:t".toString()))

        then:
        GlxcException e = thrown()
        e.message.contains('the manifest sha256:')
        e.message.contains('more than the 4194304 it may have')
    }

    // --- hand-made images ---

    private static Path gzipBlob(Path layout) {
        Files.list(layout.resolve('blobs/sha256')).withCloseable { s -> s.filter { (Files.readAllBytes(it)[0] & 0xff) == 0x1f }.findFirst().get() }
    }

    private static Path configBlob(Path layout) {
        Files.list(layout.resolve('blobs/sha256')).withCloseable { s -> s.filter { Files.readString(it, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith('{"architecture"') }.findFirst().get() }
    }

    private static byte[] busybox() { Files.readAllBytes(Path.of('/bin/busybox')) }

    private static Map dir(String name) { [name: name, type: 'dir'] }

    private static Map file(String name, Object content, int mode = 0644) { [name: name, type: 'file', data: content instanceof String ? content.bytes : content, mode: mode] }

    private static Map link(String name, String target) { [name: name, type: 'symlink', target: target] }

    private static Map hardlink(String name, String target) { [name: name, type: 'hardlink', target: target] }

    private static Map device(String name, int major, int minor) { [name: name, type: 'device', major: major, minor: minor] }

    private static byte[] layer(Map... entries) {
        def bytes = new ByteArrayOutputStream()
        new TarArchiveOutputStream(new GZIPOutputStream(bytes)).withCloseable { tar ->
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX)
            for (Map e : entries) {
                TarArchiveEntry t
                switch (e.type) {
                    case 'dir': t = new TarArchiveEntry(e.name); t.mode = 040755; break
                    case 'file': t = new TarArchiveEntry(e.name); t.size = e.data.length; t.mode = 0100000 | e.mode; break
                    case 'symlink': t = new TarArchiveEntry(e.name, TarArchiveEntry.LF_SYMLINK); t.linkName = e.target; break
                    case 'hardlink': t = new TarArchiveEntry(e.name, TarArchiveEntry.LF_LINK); t.linkName = e.target; break
                    default: t = new TarArchiveEntry(e.name, TarArchiveEntry.LF_BLK); t.devMajor = e.major; t.devMinor = e.minor
                }
                tar.putArchiveEntry(t)
                if (e.type == 'file') tar.write(e.data)
                tar.closeArchiveEntry()
            }
        }
        bytes.toByteArray()
    }

    /** An OCI layout with one image tagged t: these layers, a config with /bin/sh as its command. */
    private Path layout(List<byte[]> layers, String padding = null) {
        Path l = Files.createTempDirectory(storeDir, 'layout-')
        Files.createDirectories(l.resolve('blobs/sha256'))
        l.resolve('oci-layout').text = '{"imageLayoutVersion":"1.0.0"}'
        List<String> descs = layers.collect { desc('application/vnd.oci.image.layer.v1.tar+gzip', put(l, it), it.length) }
        byte[] config = '{"architecture":"amd64","os":"linux","config":{"Cmd":["/bin/sh"]},"rootfs":{"type":"layers","diff_ids":[]}}'.bytes
        byte[] manifest = ('{"schemaVersion":2,"config":' + desc('application/vnd.oci.image.config.v1+json', put(l, config), config.length)
                + ',"layers":[' + descs.join(',') + ']' + (padding == null ? '' : ',"annotations":{"padding":"' + padding + '"}') + '}').bytes
        String m = put(l, manifest)
        l.resolve('index.json').text = '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"' + m +
                '","size":' + manifest.length + ',"annotations":{"org.opencontainers.image.ref.name":"t"}}]}'
        l
    }

    private static String desc(String type, String digest, int size) {
        '{"mediaType":"' + type + '","digest":"' + digest + '","size":' + size + '}'
    }

    private static String put(Path layout, byte[] data) {
        String hex = MessageDigest.getInstance('SHA-256').digest(data).encodeHex().toString()
        Files.write(layout.resolve('blobs/sha256').resolve(hex), data)
        'sha256:' + hex
    }
}
