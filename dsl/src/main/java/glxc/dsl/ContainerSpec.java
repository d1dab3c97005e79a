package glxc.dsl;

import java.util.List;

/**
 * What a container { } block evaluates to: immutable data for the runtime API. Settings are LXC config
 * lines (key, value), in order, so a script and a config file describe containers in the same terms.
 * source is "file:line" of the block, for errors.
 */
public record ContainerSpec(String name, String template, List<String> templateArgs, List<Setting> settings,
                            List<String> command, List<String> dependsOn, String source) {
    public record Setting(String key, String value) {
        public String definition() {
            return key + "=" + value;
        }
    }

    public ContainerSpec {
        templateArgs = List.copyOf(templateArgs);
        settings = List.copyOf(settings);
        command = List.copyOf(command);
        dependsOn = List.copyOf(dependsOn);
    }

    /** The settings as -s definitions (KEY=VALUE). */
    public List<String> overrides() {
        return settings.stream().map(Setting::definition).toList();
    }

    /** An application container: a command the shim runs as init (glxc run runs it; apply only creates it). */
    public boolean isApplication() {
        return !command.isEmpty();
    }
}
