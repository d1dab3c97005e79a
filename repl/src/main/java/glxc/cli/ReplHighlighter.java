package glxc.cli;

import glxc.dsl.Vocabulary;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Colours as the REPL reads a line: a verb or :command in bold, the DSL's words in blue, strings in green. */
final class ReplHighlighter implements Highlighter {
    private static final Pattern TOKENS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"?|'(?:[^'\\\\]|\\\\.)*'?|[:A-Za-z_][A-Za-z0-9_-]*|\\s+|.");

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        AttributedStringBuilder b = new AttributedStringBuilder();
        Matcher m = TOKENS.matcher(buffer);
        boolean first = true;
        while (m.find()) {
            String t = m.group();
            AttributedStyle style = AttributedStyle.DEFAULT;
            if (t.startsWith("\"") || t.startsWith("'")) style = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
            else if (first && (Main.find(t) != null || t.startsWith(":"))) style = AttributedStyle.BOLD;
            else if (Vocabulary.CONTAINER.containsKey(t) || Vocabulary.NETWORK.containsKey(t) || Vocabulary.TOP.contains(t))
                style = AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE);
            b.styled(style, t);
            if (!t.isBlank()) first = false;
        }
        return b.toAttributedString();
    }

    @Override
    public void setErrorPattern(Pattern errorPattern) {
        // no error marking
    }

    @Override
    public void setErrorIndex(int errorIndex) {
        // no error marking
    }
}
