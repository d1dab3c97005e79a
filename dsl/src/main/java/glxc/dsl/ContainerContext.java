package glxc.dsl;

import groovy.lang.MissingMethodException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The methods a container { } block may call (job-dsl's context model: a plain class that records
 * values). This first cut covers what the runtime core applies; resources, networks, mounts and the
 * rest of the DSL come with the DSL issue.
 */
public class ContainerContext {
    private final String name;
    private String template;
    private final List<String> templateArgs = new ArrayList<>();
    private final List<String> overrides = new ArrayList<>();
    private final List<String> command = new ArrayList<>();

    ContainerContext(String name) {
        this.name = name;
    }

    /** template "busybox" or template "debian", release: "bookworm" (options become --release bookworm). */
    public void template(Map<String, Object> options, String name) {
        template(name);
        options.forEach((k, v) -> {
            templateArgs.add("--" + k);
            templateArgs.add(String.valueOf(v));
        });
    }

    public void template(String name) {
        this.template = name;
    }

    public void hostname(String hostname) {
        overrides.add("lxc.uts.name=" + hostname);
    }

    /** The command of an application container: the shim is its init, as with lxc-execute. */
    public void command(String... argv) {
        command.clear();
        command.addAll(List.of(argv));
    }

    /** env APP_ENV: "prod", DEBUG: "1" */
    public void env(Map<String, Object> vars) {
        vars.forEach((k, v) -> overrides.add("lxc.environment=" + k + "=" + v));
    }

    /** Any LXC key, for what the DSL has no word for yet: set "lxc.tty.max", 2 */
    public void set(String key, Object value) {
        overrides.add(key + "=" + value);
    }

    public Object methodMissing(String method, Object args) {
        throw new MissingMethodException(method, ContainerContext.class, (Object[]) args);
    }

    ContainerDeclaration declaration(String source) {
        return new ContainerDeclaration(name, template, templateArgs, overrides, command, source);
    }
}
