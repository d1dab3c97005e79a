package glxc.runtime.template;

import glxc.runtime.config.ConfigFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import glxc.runtime.kernel.FileModes;
import java.nio.file.LinkOption;

/** Small helpers templates use to lay out a rootfs and add their config lines. */
final class RootfsWriter {
    private final Path rootfs;

    RootfsWriter(Path rootfs) {
        this.rootfs = rootfs;
    }

    Path path(String rel) {
        return rootfs.resolve(rel);
    }

    void dirs(int mode, String... rels) throws IOException {
        for (String rel : rels) FileModes.chmod(Files.createDirectories(rootfs.resolve(rel)), mode);
    }

    void file(String rel, int mode, String content) throws IOException {
        Path f = rootfs.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        FileModes.chmod(f, mode);
    }

    void symlink(String rel, String target) throws IOException {
        Path link = rootfs.resolve(rel);
        Files.createDirectories(link.getParent());
        if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, Path.of(target));
    }

    static void appendConfig(Path configFile, String... keyValues) {
        ConfigFile config = ConfigFile.read(configFile);
        for (int i = 0; i < keyValues.length; i += 2) config.append(keyValues[i], keyValues[i + 1]);
        config.write();
    }
}
