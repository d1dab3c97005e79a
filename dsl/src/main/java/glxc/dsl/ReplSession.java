package glxc.dsl;

import glxc.runtime.api.Container;
import glxc.runtime.api.Store;
import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import groovy.lang.Script;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groovy lines of a REPL session: compiled with the scripts' CompilerConfiguration, one binding shared by
 * every line (variables persist), the session's declarations gathered into one model (a later
 * declaration of a name replaces the earlier one) and their source kept for :save. A name that is not a
 * variable but a container of the store evaluates to that Container: web.info().pid().
 */
public final class ReplSession {
    private final Store store;
    private final ScriptModel model = new ScriptModel();
    private final Map<String, Set<String>> declarations = new LinkedHashMap<>();   // code -> the names it declared that still stand
    private final Binding binding;
    private GroovyShell shell;   // made at the first line of Groovy: the prompt comes before Groovy loads
    private int lines;

    public ReplSession(Store store) {
        this.store = store;
        model.allowRedeclare();
        this.binding = new Binding() {
            @Override
            public Object getVariable(String name) {
                if (super.hasVariable(name)) return super.getVariable(name);
                if (name.equals("store")) return store;
                Container c = store.get(name);
                if (c.exists()) return c;
                throw new MissingPropertyException(name, getClass());
            }

            @Override
            public boolean hasVariable(String name) {
                return super.hasVariable(name) || name.equals("store") || store.get(name).exists();
            }
        };
    }

    private GroovyShell shell() {
        if (shell == null) shell = new GroovyShell(ReplSession.class.getClassLoader(), binding, ScriptLoader.compilerConfiguration());
        return shell;
    }

    /** A variable of the session, or a container of the store, by name (null when neither). */
    public Object variable(String name) {
        return binding.hasVariable(name) ? binding.getVariable(name) : null;
    }

    public ScriptModel model() {
        return model;
    }

    /** Evaluates one (possibly multi-line) input and returns its value. */
    public Object evaluate(String code) {
        String name = "line" + (++lines);
        Path where = Path.of(System.getProperty("user.dir"), name + ".groovy");
        Script script;
        try {
            script = shell().parse(code, name + ".groovy");
        } catch (MultipleCompilationErrorsException e) {
            List<String> messages = new ArrayList<>();
            for (Message m : e.getErrorCollector().getErrors())
                if (m instanceof SyntaxErrorMessage s) messages.add(s.getCause().getLine() + ":" + s.getCause().getStartColumn() + ": " + s.getCause().getOriginalMessage());
            throw new DslException(messages.isEmpty() ? e.getMessage() : String.join("\n", messages));
        } catch (CompilationFailedException e) {
            throw new DslException(e.getMessage());
        }
        ((GlxcScript) script).attach(model, where);
        Map<String, Object> before = declared();
        try {
            Object value = script.run();
            Set<String> names = new LinkedHashSet<>();
            declared().forEach((k, v) -> {
                if (before.get(k) != v) names.add(k);   // new, or declared again: this code is what stands for it now
            });
            if (!names.isEmpty()) {
                for (Set<String> earlier : declarations.values()) earlier.removeAll(names);
                declarations.values().removeIf(Set::isEmpty);
                declarations.put(code.strip(), names);
            }
            return value;
        } catch (DslException e) {
            throw e;
        } catch (MissingMethodException e) {
            throw new DslException("unknown word '" + e.getMethod() + "'" + Vocabulary.suggestion(e.getMethod(), Vocabulary.TOP));
        } catch (MissingPropertyException e) {
            throw new DslException("unknown name '" + e.getProperty() + "' (not a variable, nor a container of " + store.path() + ")");
        }
    }

    /** Every declaration by kind and name, to tell which ones a line made or replaced. */
    private Map<String, Object> declared() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ContainerSpec c : model.containers()) out.put("container " + c.name(), c);
        for (NetworkSpec n : model.networks()) out.put("network " + n.name(), n);
        return out;
    }

    /**
     * The session's declarations as a script that apply accepts (:save): the lines whose declarations
     * still stand, in order. Variables those lines use are not saved with them: a warning line says so.
     */
    public String script() {
        StringBuilder b = new StringBuilder("// saved from a glxc REPL session\n");
        for (String code : declarations.keySet()) b.append(code).append("\n\n");
        if (binding.getVariables().size() > 0)
            b.append("// the session also set ").append(String.join(", ", ((Map<?, ?>) binding.getVariables()).keySet().stream().map(Object::toString).toList()))
                    .append(": lines above that use them need them defined here\n");
        return b.toString();
    }
}
