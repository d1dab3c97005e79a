package glxc.cli;

import glxc.dsl.TemplateLibrary;
import glxc.runtime.template.Templates;

import java.util.List;

final class TemplateVerb extends Verb {
    String name() { return "template"; }
    String summary() { return "the template library: built-in, composed (template-library/*.lxc.groovy) and LXC's scripts"; }
    String operands() { return "ls"; }

    List<Option> options() {
        return List.of(LXCPATH);
    }

    int run(Arguments a) {
        if (a.positional().isEmpty() || !a.positional().get(0).equals("ls")) throw new UsageException("glxc template ls");
        List<Templates.Entry> all = Templates.catalog();
        Table.print(List.of("NAME", "KIND", "OPTIONS", "SOURCE"),
                all.stream().map(e -> List.of(e.name(), e.kind(), e.description(), e.source())).toList());
        for (String p : TemplateLibrary.install().problems()) System.err.println("glxc: warning: " + p);
        return 0;
    }
}
