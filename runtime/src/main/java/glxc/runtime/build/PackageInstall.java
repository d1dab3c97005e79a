package glxc.runtime.build;

import glxc.runtime.config.Words;
import glxc.runtime.storage.LayerStore;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.List;

/** Installing packages with the base's own manager: apt-get, apk, dnf or yum, whichever its layers hold. */
public final class PackageInstall {
    private PackageInstall() {}

    /** The manager's name, or null when the layers have none. */
    public static String manager(List<LayerStore.Layer> layers) {
        for (String m : List.of("usr/bin/apt-get", "sbin/apk", "usr/bin/dnf", "usr/bin/yum"))
            for (LayerStore.Layer l : layers)
                if (Files.exists(l.rootfs().resolve(m), LinkOption.NOFOLLOW_LINKS)) return m.substring(m.lastIndexOf('/') + 1);
        return null;
    }

    /** The shell command that installs names, each name one shell word, leaving no package lists behind. */
    public static String command(String manager, List<String> names) {
        String words = Words.join(names);
        return switch (manager) {
            case "apt-get" -> "export DEBIAN_FRONTEND=noninteractive; apt-get update -q && apt-get install -y -q --no-install-recommends " + words
                    + " && apt-get clean && rm -rf /var/lib/apt/lists/*";
            case "apk" -> "apk add --no-cache " + words;
            default -> manager + " install -y " + words + " && " + manager + " clean all";
        };
    }
}
