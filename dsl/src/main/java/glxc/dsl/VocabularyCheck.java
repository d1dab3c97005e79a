package glxc.dsl;

import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

import java.util.Map;
import java.util.Set;

/**
 * Checks, while a script compiles, the named options of the DSL's words inside container { } and
 * network { } blocks (cpu sharez: 512 is an error with its line and column before anything runs).
 * Options computed at run time are checked by the contexts instead.
 */
final class VocabularyCheck extends CompilationCustomizer {
    VocabularyCheck() {
        super(CompilePhase.CONVERSION);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        if (!classNode.isScript()) return;
        BlockStatement body = source.getAST().getStatementBlock();
        body.visit(new CodeVisitorSupport() {
            @Override
            public void visitMethodCallExpression(MethodCallExpression call) {
                String name = call.getMethodAsString();
                Map<String, Set<String>> words = "container".equals(name) ? Vocabulary.CONTAINER : "network".equals(name) ? Vocabulary.NETWORK : null;
                if (words != null && call.isImplicitThis()) {
                    ClosureExpression block = lastClosure(call.getArguments());
                    if (block != null) block.getCode().visit(new OptionCheck(source, words));
                }
                super.visitMethodCallExpression(call);
            }
        });
    }

    private static ClosureExpression lastClosure(Expression args) {
        if (args instanceof TupleExpression t && !t.getExpressions().isEmpty()
                && t.getExpression(t.getExpressions().size() - 1) instanceof ClosureExpression c) return c;
        return null;
    }

    private static final class OptionCheck extends CodeVisitorSupport {
        private final SourceUnit source;
        private final Map<String, Set<String>> words;

        OptionCheck(SourceUnit source, Map<String, Set<String>> words) {
            this.source = source;
            this.words = words;
        }

        @Override
        public void visitMethodCallExpression(MethodCallExpression call) {
            String word = call.getMethodAsString();
            Set<String> options = word == null ? null : words.get(word);
            if (call.isImplicitThis() && options != null && !Vocabulary.freeOptions(word) && call.getArguments() instanceof TupleExpression args) {
                for (Expression a : args.getExpressions()) {
                    if (!(a instanceof MapExpression map)) continue;
                    for (MapEntryExpression e : map.getMapEntryExpressions()) {
                        if (!(e.getKeyExpression() instanceof ConstantExpression k) || !(k.getValue() instanceof String key)) continue;
                        if (options.contains(key)) continue;
                        String message = options.isEmpty() ? word + " takes no named options, found '" + key + "'"
                                : "unknown setting '" + key + "' in " + word + Vocabulary.suggestion(key, options);
                        source.getErrorCollector().addErrorAndContinue(new SyntaxErrorMessage(
                                new SyntaxException(message, k.getLineNumber(), k.getColumnNumber()), source));
                    }
                }
            }
            super.visitMethodCallExpression(call);
        }
    }

}
