package glxc.dsl;

import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import groovy.transform.ThreadInterrupt;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Compiles and evaluates .lxc.groovy scripts into a ScriptModel. Errors point at the user's file and
 * line (and column, for what the compiler catches). A script runs on a thread of its own with a time
 * limit; its loops check for interruption (ThreadInterrupt), so `while (true) {}` ends cleanly.
 */
public final class ScriptLoader {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private ScriptLoader() {}

    /** The one compiler configuration, shared by scripts and the REPL. */
    public static CompilerConfiguration compilerConfiguration() {
        CompilerConfiguration config = new CompilerConfiguration();
        config.setScriptBaseClass(GlxcScript.class.getName());
        config.addCompilationCustomizers(new ImportCustomizer().addStarImports("glxc.dsl"),
                new ASTTransformationCustomizer(ThreadInterrupt.class), new VocabularyCheck());
        return config;
    }

    public static ScriptModel load(Path file) {
        return load(file, DEFAULT_TIMEOUT);
    }

    /** Evaluates file (and what it includes) within timeout; nothing on the host changes either way. */
    public static ScriptModel load(Path file, Duration timeout) {
        ScriptModel model = new ScriptModel();
        model.entering(file.toAbsolutePath().normalize());
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        AtomicReference<Boolean> finished = new AtomicReference<>(false);
        Thread t = new Thread(() -> {
            try {
                evaluate(file, model, null);
                model.validate();
                finished.set(true);
            } catch (RuntimeException e) {
                failure.set(e);
            } catch (StackOverflowError e) {
                failure.set(new DslException(file.toString(), "too deep (a function or include that calls itself?)"));
            } catch (Error e) {   // a failed assert is an Error: the script failed, nothing of it may be applied
                failure.set(new DslException(lineOf(file, e), String.valueOf(e.getMessage()).trim()));
            }
        }, "glxc-script");
        t.setDaemon(true);
        t.start();
        try {
            t.join(timeout.toMillis());
            if (t.isAlive()) {
                t.interrupt();
                t.join(2000);
                throw new DslException(file.toString(), "did not finish within " + timeout.toSeconds() + " s (a loop that never ends?)");
            }
        } catch (InterruptedException e) {
            t.interrupt();
            Thread.currentThread().interrupt();
            throw new DslException(file.toString(), "interrupted");
        }
        if (failure.get() != null) throw failure.get();
        if (!finished.get()) throw new DslException(file.toString(), "did not finish");
        return model;
    }

    /** Compiles and runs one file into model; from is the including line, for an error about the file itself. */
    static void evaluate(Path file, ScriptModel model, String from) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new DslException(from != null ? from : file.toString(), "cannot read " + file + ": " + e.getMessage());
        }
        GlxcScript script = compile(file, text);
        script.attach(model, file);
        try {
            script.run();
        } catch (DslException e) {
            throw e;
        } catch (MissingMethodException e) {
            throw new DslException(lineOf(file, e), "unknown word '" + e.getMethod() + "'" + Vocabulary.suggestion(e.getMethod(), Vocabulary.TOP));
        } catch (MissingPropertyException e) {
            throw new DslException(lineOf(file, e), "unknown name '" + e.getProperty() + "'");
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || e instanceof java.util.concurrent.CancellationException)
                throw new DslException(file.toString(), "stopped: it ran out of time");
            throw new DslException(lineOf(file, e), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static GlxcScript compile(Path file, String text) {
        try {
            return (GlxcScript) CompiledScripts.load(scriptName(file), text).getDeclaredConstructor().newInstance();
        } catch (MultipleCompilationErrorsException e) {
            List<String> messages = new ArrayList<>();
            for (Message m : e.getErrorCollector().getErrors()) {
                if (m instanceof SyntaxErrorMessage s)
                    messages.add(file + ":" + s.getCause().getLine() + ":" + s.getCause().getStartColumn() + ": " + s.getCause().getOriginalMessage());
            }
            if (messages.isEmpty()) throw new DslException(file.toString(), e.getMessage());
            throw new DslException(String.join("\n", messages));
        } catch (CompilationFailedException e) {
            throw new DslException(file.toString(), e.getMessage());
        } catch (ReflectiveOperationException e) {
            throw new DslException(file.toString(), "cannot start the compiled script: " + e);
        }
    }

    /** web.lxc.groovy compiles as class web_lxc: a script's file name is not always a class name. */
    static String scriptName(Path file) {
        String base = file.getFileName().toString().replaceFirst("\\.groovy$", "");
        String name = base.replaceAll("[^A-Za-z0-9_]", "_");
        return (Character.isJavaIdentifierStart(name.charAt(0)) ? name : "_" + name) + ".groovy";
    }

    /** "file:line" of the innermost frame of file's script in the throwable's stack. */
    static String lineOf(Path file, Throwable e) {
        String name = scriptName(file);
        for (StackTraceElement f : e.getStackTrace())
            if (name.equals(f.getFileName()) && f.getLineNumber() > 0) return file + ":" + f.getLineNumber();
        return file.toString();
    }

    /** "file:line" of the script line that is calling now. */
    static String callerLine(Path file) {
        return lineOf(file, new Throwable());
    }
}
