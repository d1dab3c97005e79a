package glxc.runtime.template;

/**
 * Builds a container's root filesystem and adds its config lines. Built-in templates are Java classes;
 * any executable that follows LXC's calling convention is one too ({@link ScriptTemplate}).
 */
public interface Template {
    String name();

    /** One line for `glxc template ls` and error messages. */
    String description();

    void build(TemplateContext context);
}
