package glxc.cli;

import glxc.runtime.api.Container;

import java.util.List;

final class CgroupVerb extends Verb {
    String name() { return "cgroup"; }
    String summary() { return "read or change a cgroup value of a running container, by v1 or v2 name (lxc-cgroup)"; }
    String operands() { return "KEY [VALUE]"; }

    List<Option> options() {
        return List.of(NAME, LXCPATH);
    }

    @Override
    String containerName(Arguments a) {
        return nameOptionOnly(a);
    }

    int run(Arguments a) {
        List<String> words = a.positional();
        if (words.isEmpty() || words.size() > 2) throw new UsageException("glxc cgroup -n NAME KEY [VALUE]");
        Container c = existing(a);
        if (words.size() == 1) System.out.println(c.getCgroupItem(words.get(0)));
        else c.setCgroupItem(words.get(0), words.get(1));
        return 0;
    }
}
