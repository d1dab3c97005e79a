package glxc.cli;

import glxc.runtime.api.CreateOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "create", description = "Create a container from a template (like lxc-create); template options go after --.")
final class CreateCommand implements Callable<Integer> {
    @Mixin StoreOptions store;

    @Option(names = {"-t", "--template"}, paramLabel = "TEMPLATE", description = "busybox, host, a path to an LXC-style template, or none")
    String template;

    @Option(names = {"-f", "--config"}, paramLabel = "FILE", description = "start from this config file")
    Path config;

    @Option(names = {"-s", "--define"}, paramLabel = "KEY=VAL", description = "set a config key")
    List<String> defines = new ArrayList<>();

    @Parameters(paramLabel = "TEMPLATE-OPTIONS", description = "passed to the template")
    List<String> templateArgs = new ArrayList<>();

    @Override
    public Integer call() {
        String name = store.name(null);
        store.store().create(name, new CreateOptions(template, templateArgs, config, defines));
        return 0;
    }
}
