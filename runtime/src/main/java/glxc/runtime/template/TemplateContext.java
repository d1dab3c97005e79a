package glxc.runtime.template;

import glxc.runtime.api.ContainerEvent;
import glxc.runtime.api.Store;

import java.nio.file.Path;
import java.util.List;

/**
 * What a template works on: the container's folder, its rootfs (already created, empty) and its config
 * file (already written; a template appends to it), plus the options given after "--".
 */
public record TemplateContext(Store store, String name, Path containerDir, Path rootfs, Path configFile, List<String> args) {
    public void say(String line) {
        store.emit(new ContainerEvent.TemplateOutput(name, line));
    }
}
