package glxc.dsl;

import java.util.List;

/**
 * What a container { } block evaluates to: plain data the runtime API can apply. Settings become LXC
 * config lines (overrides), so a script and a config file describe containers in the same terms.
 */
public record ContainerDeclaration(String name, String template, List<String> templateArgs, List<String> overrides,
                                   List<String> command, String source) {
    public ContainerDeclaration {
        templateArgs = List.copyOf(templateArgs);
        overrides = List.copyOf(overrides);
        command = List.copyOf(command);
    }
}
