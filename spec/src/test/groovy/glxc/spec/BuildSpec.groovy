package glxc.spec

import glxc.dsl.Dsl
import glxc.runtime.api.Container
import glxc.runtime.api.ContainerEvent
import glxc.runtime.api.ContainerState
import glxc.runtime.api.CreateOptions
import glxc.runtime.api.LaunchOptions
import glxc.runtime.api.Store
import glxc.runtime.build.BuildException
import glxc.runtime.build.BuildListener
import glxc.runtime.build.BuildOptions
import glxc.runtime.build.BuildRecord
import glxc.runtime.build.BuildStep
import glxc.runtime.build.Builder
import glxc.runtime.build.ImageDiff
import glxc.runtime.build.ImageExport
import glxc.runtime.build.ImageRecipe
import glxc.runtime.build.Images
import glxc.runtime.build.StepResult
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardWatchEventKinds
import java.nio.file.WatchKey
import java.nio.file.WatchService
import java.nio.file.attribute.FileTime

/**
 * The build engine on the busybox base: steps keyed by their inputs (copied files by content), cached as
 * layers; a cached build starts nothing; two fresh stores give the same layers and the same export; the
 * record is the history; a failing step says where and why and the next build starts there; a container
 * from an image stands on its layers.
 */
@Timeout(300)
class BuildSpec extends KernelSpec {
    Path context

    def setup() {
        context = Files.createTempDirectory('glxc-build-context-')
        Files.createDirectories(context.resolve('app'))
        context.resolve('app/index.html').text = 'hello\n'
        context.resolve('app/run.sh').text = '#!/bin/sh\necho run\n'
    }

    def cleanup() {
        glxc.runtime.storage.FileTrees.delete(context)
    }

    static final String SCRIPT = '''
image "base", {
    from template("busybox")
    env GREETING: "hi"
    run "mkdir -p /srv && echo built > /srv/marker"
}

image "site", {
    from image("base")
    workdir "/srv/app"
    copy "app/", to: "/srv/app"
    run 'ls /srv/app > listing.txt && echo $GREETING > greeting.txt'
    file "/etc/motd", "welcome\\n"
    expose 8000
    cmd "/usr/sbin/httpd", "-f", "-p", "8000", "-h", "/srv/app"
}
'''

    /** Builds every image of the script; returns the records and what ran (image:step of every step that was not cached). */
    Map build(Store s = store, String script = SCRIPT, BuildOptions options = BuildOptions.defaults().withSourceDateEpoch(1700000000)) {
        Path file = context.resolve('site.lxc.groovy')
        file.text = script
        List<String> ran = []
        List<String> output = []
        Files.createDirectories(s.path())
        WatchService watch = s.path().fileSystem.newWatchService()
        s.path().register(watch, StandardWatchEventKinds.ENTRY_CREATE)   // every container is a folder of the store
        Builder b = new Builder(s, new BuildListener() {
            void started(String image, int index, int total, BuildStep step) {}
            void output(String image, int index, String line) { output << "${image}:${index}: ${line}".toString() }
            void finished(String image, StepResult r) { if (!r.cached()) ran << "${image}:${r.index()}".toString() }
        })
        Map<String, BuildRecord> records = [:]
        List<String> containers = []
        try {
            for (ImageRecipe r : Dsl.load(file).images()) records[r.name()] = b.build(r, options)
        } finally {
            for (WatchKey k = watch.poll(); k != null; k = watch.poll())
                containers.addAll(k.pollEvents()*.context()*.toString().findAll { it.startsWith('glxc-build-') })
            watch.close()
        }
        [records: records, ran: ran, output: output, containers: containers.unique()]
    }

    def "an unchanged script runs no container; a copied file's new mtime keeps it cached; new content re-runs that step and after"() {
        when:
        def first = build()

        then:
        first.ran == ['base:1', 'base:3', 'site:3', 'site:4', 'site:5']
        first.containers.every { it.startsWith('glxc-build-') } && first.containers.size() == 2   // one per run step
        !store.list().any { it.name().startsWith('glxc-build-') }

        when:
        def second = build()

        then: "nothing ran, no container was started"
        second.ran == []
        second.containers == []
        second.records.site.current().layers() == first.records.site.current().layers()

        when:
        Files.setLastModifiedTime(context.resolve('app/index.html'), FileTime.fromMillis(System.currentTimeMillis() + 86_400_000))
        def touched = build()

        then:
        touched.ran == []

        when:
        context.resolve('app/index.html').text = 'changed\n'
        def changed = build()

        then: "the copy and the steps after it, not the ones before"
        changed.ran == ['site:3', 'site:4', 'site:5']
        changed.records.site.step(2).key() == first.records.site.step(2).key()
        changed.records.site.step(3).key() != first.records.site.step(3).key()
    }

    def "the same script in two fresh stores gives the same layers and the same export, byte for byte"() {
        given:
        Path otherDir = Files.createTempDirectory('glxc-spec-other-')
        Store other = Store.open(otherDir)

        when:
        def a = build(store)
        def b = build(other)
        Path tarA = context.resolve('a.tar')
        Path tarB = context.resolve('b.tar')
        String digestA = ImageExport.write(new Images(store.path()), a.records.site, tarA)
        String digestB = ImageExport.write(new Images(other.path()), b.records.site, tarB)

        then:
        a.records.site.steps()*.layers() == b.records.site.steps()*.layers()
        a.records.site.steps()*.key() == b.records.site.steps()*.key()
        digestA == digestB
        Files.readAllBytes(tarA) == Files.readAllBytes(tarB)
        StorageSpec.sh("tar tvf ${tarA} srv/app/greeting.txt etc/motd").readLines().every { it.contains('0/0') && it.contains('2023-11-14') }
        Files.exists(context.resolve('a.tar.provenance.json'))
        context.resolve('a.tar.provenance.json').text.contains('"scriptDigest": "sha256:')

        cleanup:
        HostObjects.destroyAll(other)
        glxc.runtime.storage.FileTrees.delete(otherDir)
    }

    def "history, diff and rollback read the record; a container from the image shares its layers and runs its cmd"() {
        given:
        build()
        Images images = new Images(store.path())

        expect: "history: every step with its key, command, result and where it was written"
        with(cli('image', 'history', 'site')) {
            exit == 0
            out.contains('copy app /srv/app')
            out.readLines().size() == 8
            out.readLines().any { it.startsWith('*7') }
        }
        ImageDiff.between(images, images.get('site'), 3, 5)*.toString() ==
                [new ImageDiff.Change('added', '/etc/motd'), new ImageDiff.Change('added', '/srv/app/greeting.txt'),
                 new ImageDiff.Change('added', '/srv/app/listing.txt')]*.toString()

        when: "a container from the image: its folder holds only its own changes"
        Container c = store.create('from-site', CreateOptions.template('image:site').withBackend('overlay'))
        c.start(LaunchOptions.defaults())
        def inside = attach(c, '/bin/sh', '-c', 'cat /proc/1/cmdline | tr "\\0" " "; echo; cat /srv/app/greeting.txt; wget -qO- http://127.0.0.1:8000/index.html; readlink /proc/1/cwd')
        long own = Long.parseLong(StorageSpec.sh("du -sb ${c.dir()} | cut -f1").trim())

        then:
        inside.stdout.readLines() == ['/usr/sbin/httpd -f -p 8000 -h /srv/app ', 'hi', 'hello', '/srv/app']
        own < 100_000   // the busybox binary alone is 2 MB: it is in the shared layers, not here
        c.config().rootfsSource().get().configValue().count('.glxc-layers/sha256-') == 5

        when:
        c.stop(glxc.runtime.api.StopOptions.timeout(5))
        BuildRecord back = images.rollback('site', 3)

        then: "the image points at step 3's result; its record keeps every step"
        back.head() == 3
        images.get('site').current().layers() == images.get('site').step(3).layers()
        images.get('site').steps().size() == 7
        cli('image', 'ls').out.readLines().find { it.startsWith('site') }.endsWith('3/7')
    }

    def "a failing run says where, with its status and last lines, leaves nothing behind; the fixed script starts at that step"() {
        given:
        String failing = SCRIPT.replace("run 'ls /srv/app > listing.txt", "run 'echo about to fail; exit 3'\n    run 'ls /srv/app > listing.txt")

        when:
        build(store, failing)

        then:
        BuildException e = thrown()
        e.message.contains("image 'site': ${context.resolve('site.lxc.groovy')}:12: run echo about to fail; exit 3 failed with exit status 3")
        e.message.contains('about to fail')
        !store.list().any { it.name().startsWith('glxc-build-') }
        HostObjects.cgroups().isEmpty()
        !new Images(store.path()).find('site').isPresent()

        when: "even after prune --all, the step is fixed: the steps before it come from the cache"
        store.prune(true, false)
        def fixed = build(store, failing.replace('exit 3', 'exit 0'))

        then:
        fixed.ran == ['site:4', 'site:5', 'site:6']
    }

    def "a copy may not leave the build context, through .. or a link"() {
        given:
        Files.createSymbolicLink(context.resolve('app/escape'), Path.of('/etc'))
        Files.createSymbolicLink(context.resolve('outside'), Path.of('/etc'))

        when:
        build(store, 'image "x", {\n from template("busybox")\n copy "../", to: "/x"\n}\n')

        then:
        BuildException up = thrown()
        up.message.contains('leaves the build context')

        when:
        build(store, 'image "x", {\n from template("busybox")\n copy "outside/passwd", to: "/x"\n}\n')

        then:
        BuildException link = thrown()
        link.message.contains('goes through a link (outside)')

        when: "a link inside a copied folder is copied as a link, never followed"
        def ok = build(store, 'image "x", {\n from template("busybox")\n copy "app/", to: "/x"\n}\n')
        Path layer = new Images(store.path()).layers().find(ok.records.x.current().layer()).get().rootfs()

        then:
        Files.isSymbolicLink(layer.resolve('x/escape'))
        Files.readSymbolicLink(layer.resolve('x/escape')) == Path.of('/etc')
    }

    def "multi-stage: copy from another image's result; a cache mount outlives builds and is in no layer; user steps run as that user"() {
        given:
        String script = '''
image "builder", {
    from template("busybox")
    mount cache: "/var/cache/tool"
    run 'mkdir -p /out && echo binary > /out/app && date +%s%N >> /var/cache/tool/runs && wc -l < /var/cache/tool/runs > /out/runs-seen'
}

image "final", {
    from template("busybox")
    copy "/out/app", from: image("builder"), to: "/usr/bin/app"
    run 'echo worker:x:1234:1234::/tmp:/bin/sh >> /etc/passwd'
    user "worker"
    run 'id -u > /tmp/whoami'
}
'''

        when:
        def first = build(store, script)
        def again = build(store, script, BuildOptions.defaults().withNoCache())
        Images images = new Images(store.path())
        Path builderLayer = images.layers().find(again.records.builder.current().layer()).get().rootfs()
        Path finalTop = images.layers().find(again.records.final.current().layer()).get().rootfs()
        Path copied = images.layers().find(again.records.final.step(2).layer()).get().rootfs()

        then: "the cache mount kept the first build's line; the layer has none of it"
        builderLayer.resolve('out/runs-seen').text.trim() == '2'
        !Files.exists(builderLayer.resolve('var/cache/tool/runs'))
        copied.resolve('usr/bin/app').text == 'binary\n'
        Files.getAttribute(copied.resolve('usr/bin/app'), 'unix:uid') == 0
        finalTop.resolve('tmp/whoami').text.trim() == '1234'
        Files.getAttribute(finalTop.resolve('tmp/whoami'), 'unix:uid') == 1234
    }

    def "--from-step runs that step and the later ones; packages on a base without a manager say so"() {
        when:
        build()
        def again = build(store, SCRIPT, BuildOptions.defaults().withSourceDateEpoch(1700000000).withFromStep(4))

        then:
        again.ran == ['site:4', 'site:5']   // base's steps are 1-3; site's file steps from 4 on

        when:
        build(store, 'image "x", {\n from template("busybox")\n packages "curl"\n}\n')

        then:
        BuildException e = thrown()
        e.message.contains(':3: packages: the base has no apt-get, apk, dnf or yum')
    }

    def "a copy into a folder the image has as a link lands behind the link, not over it; a file onto a folder goes into it"() {
        given:
        String script = '''
image "links", {
    from template("busybox")
    run 'mkdir -p /usr/local/real && echo kept > /usr/local/real/old && ln -s /usr/local/real /opt'
    copy "app/", to: "/opt/app"
    copy "app/index.html", to: "/etc"
    file "/opt/note", "hi\\n"
    run 'test -L /opt && cat /opt/old /opt/app/index.html /etc/index.html /opt/note && test -f /etc/passwd'
}
'''

        when:
        def r = build(store, script)

        then: "the last run saw the link, the old file, the copies and /etc intact"
        r.output.findAll { it.startsWith('links:6: ') }*.substring('links:6: '.length()) == ['kept', 'hello', 'hello', 'hi']
    }

    def "keys: env order does not matter; a base rebuilt to other bytes re-runs what stands on it; prune --all keeps images whole"() {
        given:
        String ab = '''
image "order", {
    from template("busybox")
    env A: "1", B: "2"
    run 'echo $A$B > /ab'
}
'''
        String shaky = '''
image "shaky", {
    from template("busybox")
    run 'cat /proc/sys/kernel/random/uuid > /id'
}
image "on-shaky", {
    from image("shaky")
    run 'cat /id > /seen'
}
'''

        when:
        def first = build(store, ab)
        def swapped = build(store, ab.replace('env A: "1", B: "2"', 'env B: "2", A: "1"'))

        then:
        swapped.ran == []
        swapped.records.order.current().key() == first.records.order.current().key()

        when: "the base alone runs again (no cache) and gives other bytes: the image on it is not taken from the cache"
        build(store, shaky)
        String shakyOnly = shaky.substring(0, shaky.indexOf('image "on-shaky"'))
        build(store, shakyOnly, BuildOptions.defaults().withSourceDateEpoch(1700000000).withNoCache())
        def after = build(store, shaky)

        then:
        after.ran == ['on-shaky:2']

        when:
        store.prune(true, false)
        Images images = new Images(store.path())

        then: "every layer of every image's steps is still there"
        images.list().every { BuildRecord rec -> rec.steps().every { StepResult st -> st.layers().every { images.layers().find(it).isPresent() } } }
        ImageExport.write(images, images.get('on-shaky'), context.resolve('x.tar')).length() == 64
    }

    def "a build container whose builder was killed is removed by the next build"() {
        given: "a build container named after a process that is gone (as a killed glxc build leaves it)"
        Process gone = new ProcessBuilder('true').start()
        gone.waitFor()
        long start = glxc.runtime.kernel.Processes.startTime((int) ProcessHandle.current().pid())
        store.create("glxc-build-${gone.pid()}-${start}-deadbeef".toString(), CreateOptions.template('busybox'))
        store.create("glxc-build-${ProcessHandle.current().pid()}-${start}-cafebabe".toString(), CreateOptions.template('busybox'))   // a live builder's

        when:
        build()

        then:
        store.list()*.name().findAll { it.startsWith('glxc-build-') } == ["glxc-build-${ProcessHandle.current().pid()}-${start}-cafebabe".toString()]
    }
}
