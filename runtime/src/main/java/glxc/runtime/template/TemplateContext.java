package glxc.runtime.template;

import glxc.runtime.storage.RootfsSource;

import glxc.runtime.api.ContainerEvent;
import glxc.runtime.api.Store;

import java.nio.file.Path;
import java.util.List;

/**
 * What a template works on: the container's folder, its rootfs (already created, empty) and its config
 * file (already written; a template appends to it), plus the options given after "--".
 */
public record TemplateContext(Store store, String name, Path containerDir, Path rootfs, Path configFile, List<String> args, RootfsSource source) {
    /** The value of --KEY=VALUE or --KEY VALUE among the options, or fallback. */
    public String option(String key, String fallback) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--" + key + "=")) return a.substring(key.length() + 3);
            if (a.equals("--" + key) && i + 1 < args.size()) return args.get(i + 1);
        }
        return fallback;
    }

    public boolean flag(String key) {
        return args.contains("--" + key);
    }

    public void say(String line) {
        store.emit(new ContainerEvent.TemplateOutput(name, line));
    }
}
