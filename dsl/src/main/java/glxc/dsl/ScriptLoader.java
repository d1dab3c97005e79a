package glxc.dsl;

import groovy.lang.GroovyShell;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Compiles and evaluates a .lxc.groovy script into declarations; errors point at the script's line. */
public final class ScriptLoader {
    private ScriptLoader() {}

    /** The one compiler configuration, shared by scripts and (later) the REPL. */
    public static CompilerConfiguration compilerConfiguration() {
        CompilerConfiguration config = new CompilerConfiguration();
        config.setScriptBaseClass(GlxcScript.class.getName());
        return config;
    }

    public static List<ContainerDeclaration> load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new DslException(file.toString(), "cannot read: " + e.getMessage());
        }
        String scriptName = scriptName(file);
        GlxcScript script;
        try {
            script = (GlxcScript) new GroovyShell(ScriptLoader.class.getClassLoader(), compilerConfiguration())
                    .parse(text, scriptName);
        } catch (MultipleCompilationErrorsException e) {
            Object first = e.getErrorCollector().getErrors().get(0);
            if (first instanceof SyntaxErrorMessage s)
                throw new DslException(file + ":" + s.getCause().getLine(), s.getCause().getOriginalMessage());
            throw new DslException(file.toString(), e.getMessage());
        } catch (CompilationFailedException e) {
            throw new DslException(file.toString(), e.getMessage());
        }
        try {
            script.run();
        } catch (MissingMethodException e) {
            throw new DslException(located(file, e), "unknown setting '" + e.getMethod() + "'");
        } catch (MissingPropertyException e) {
            throw new DslException(located(file, e), "unknown name '" + e.getProperty() + "'");
        } catch (DslException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DslException(located(file, e), e.getMessage());
        }
        return List.copyOf(script.containers());
    }

    /** web.lxc.groovy compiles as class web_lxc: a script's file name is not always a class name. */
    static String scriptName(Path file) {
        String base = file.getFileName().toString().replaceFirst("\\.groovy$", "");
        String name = base.replaceAll("[^A-Za-z0-9_]", "_");
        return (Character.isJavaIdentifierStart(name.charAt(0)) ? name : "_" + name) + ".groovy";
    }

    private static String located(Path file, Throwable e) {
        String name = scriptName(file);
        for (StackTraceElement f : e.getStackTrace())
            if (name.equals(f.getFileName()) && f.getLineNumber() > 0) return file + ":" + f.getLineNumber();
        return file.toString();
    }
}
