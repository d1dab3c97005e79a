package glxc.runtime.template;

import glxc.runtime.storage.LayerStore;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A template whose rootfs is a stack of cached layers (debootstrap, an OCI image, a composed template):
 * the layers can be shared by containers (-B overlay) or copied, and a composed template can build on
 * them. Per-container setup (hostname, network, config keys) goes to the container's writable layer.
 */
public interface LayeredTemplate extends Template {
    /** The built rootfs's layers, topmost first, and the per-container setup of a writable layer (rootfs or upper). */
    record Prepared(List<LayerStore.Layer> layers, Consumer<Path> configure) {}

    /** Builds the layers, or takes them from the cache. */
    Prepared prepare(TemplateContext ctx);

    @Override
    default void build(TemplateContext ctx) {
        Prepared p = prepare(ctx);
        p.configure().accept(TemplateCache.place(ctx, p.layers()));
    }
}
