package glxc.runtime.lifecycle;

import glxc.runtime.api.ContainerEvent;
import glxc.runtime.api.GlxcException;
import glxc.runtime.api.Store;
import glxc.runtime.config.ConfigFile;
import glxc.runtime.config.ConfigLine;
import glxc.runtime.config.ContainerConfig;
import glxc.runtime.net.MacAddress;
import glxc.runtime.storage.RootfsSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The config of a copy, a snapshot or a restore, from its source's: the new rootfs; the files LXC's clone
 * carries along (lxc.mount.fstab and hook scripts kept in the source's folder are copied and their paths
 * moved; other keys are left as written, as LXC does); and, for a clone only, the new name as hostname
 * (unless kept), fresh MACs (unless kept), no port forwards (they would collide), lxc.ephemeral as asked.
 * A snapshot or restore keeps everything else as it was.
 */
final class ConfigRewrite {
    enum Kind { CLONE, SNAPSHOT }

    private ConfigRewrite() {}

    static void write(Kind kind, Path srcConfig, Path srcDir, Path staging, Path finalDir, String newName, RootfsSource made,
                      boolean keepName, boolean keepMac, boolean ephemeral, Store store) {
        ConfigFile f;
        try {
            f = ConfigFile.parse(staging.resolve("config"), Files.readString(srcConfig));
        } catch (IOException e) {
            throw new GlxcException("cannot read " + srcConfig + ": " + e.getMessage(), e);
        }
        f.set("lxc.rootfs.path", made.configValue());
        for (ConfigLine l : List.copyOf(f.lines())) {
            if (!l.isEntry() || !(l.key().equals("lxc.mount.fstab") || l.key().startsWith("lxc.hook."))) continue;
            String file = l.value().split("\\s+", 2)[0];
            if (!file.startsWith(srcDir + "/")) continue;
            Path rel = srcDir.relativize(Path.of(file));
            carry(Path.of(file), staging.resolve(rel));
            f.replace(l, finalDir.resolve(rel) + l.value().substring(file.length()));
        }
        if (kind == Kind.CLONE) {
            if (!keepName) f.set("lxc.uts.name", newName);
            ContainerConfig effective = ContainerConfig.of(f, List.of());
            if (!keepMac)
                for (ConfigLine l : effective.entries())
                    if (l.key().matches("lxc\\.net\\.\\d+\\.hwaddr")) f.set(l.key(), MacAddress.fill("00:16:3e:xx:xx:xx"));
            if (ephemeral) f.set("lxc.ephemeral", "1");
            else f.unset("lxc.ephemeral");
            for (ConfigLine l : effective.portLines().values()) {
                f.unset(l.key());
                store.emit(new ContainerEvent.Warning(newName, "the copy leaves out the port forward " + l.key() + " = " + l.value() + " (it would collide with the original's)"));
            }
        }
        f.write();
    }

    private static void carry(Path from, Path to) {
        if (!Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) return;
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new GlxcException("cannot copy " + from + " with the container: " + e.getMessage(), e);
        }
    }
}
