package glxc.runtime.template;

import glxc.runtime.api.GlxcException;

/** A template that could not build the rootfs: names the container and the template. */
public class TemplateException extends GlxcException {
    public TemplateException(String container, String template, String message) {
        super("container '" + container + "': template '" + template + "': " + message);
    }
}
