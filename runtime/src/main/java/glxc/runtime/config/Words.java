package glxc.runtime.config;

import java.util.ArrayList;
import java.util.List;

/** Splits a command line as LXC splits lxc.init.cmd: on blanks, with '...' and "..." quoting and \ escapes. */
public final class Words {
    private Words() {}

    /** The inverse of split: each word single-quoted where it needs it. */
    public static String join(List<String> words) {
        List<String> out = new ArrayList<>();
        for (String w : words)
            out.add(!w.isEmpty() && w.matches("[A-Za-z0-9_@%+=:,./-]+") ? w : "'" + w.replace("'", "'\"'\"'") + "'");
        return String.join(" ", out);
    }

    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quote != 0) {
                if (ch == quote) quote = 0;
                else if (ch == '\\' && quote == '"' && i + 1 < line.length()) word.append(line.charAt(++i));
                else word.append(ch);
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                inWord = true;
            } else if (ch == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(ch)) {
                if (inWord) words.add(word.toString());
                word.setLength(0);
                inWord = false;
            } else {
                word.append(ch);
                inWord = true;
            }
        }
        if (quote != 0) throw new IllegalArgumentException("unterminated " + quote + " in '" + line + "'");
        if (inWord) words.add(word.toString());
        return words;
    }
}
