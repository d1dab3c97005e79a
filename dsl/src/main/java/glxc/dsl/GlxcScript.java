package glxc.dsl;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.Script;

import java.util.ArrayList;
import java.util.List;

/** The base class of every .lxc.groovy script: its top-level words record declarations, nothing acts. */
public abstract class GlxcScript extends Script {
    private final List<ContainerDeclaration> containers = new ArrayList<>();

    public void container(String name, @DelegatesTo(value = ContainerContext.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
        ContainerContext context = new ContainerContext(name);
        Closure<?> c = (Closure<?>) body.clone();
        c.setDelegate(context);
        c.setResolveStrategy(Closure.DELEGATE_ONLY);
        c.call();
        containers.add(context.declaration(name));
    }

    List<ContainerDeclaration> containers() {
        return containers;
    }
}
