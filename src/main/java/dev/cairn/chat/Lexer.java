package dev.cairn.chat;

import dev.cairn.chat.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a template into text and tag tokens exactly as Jinja2's lexer does with Hugging Face's settings
 * ({@code trim_blocks}, {@code lstrip_blocks}, no {@code keep_trailing_newline}): whitespace handling is
 * where renderers most often differ from the reference, and every byte of a prompt matters to the model.
 */
final class Lexer {

    private static final List<String> OPERATORS = List.of("//", "**", "==", "!=", ">=", "<=", "+", "-", "/", "*", "%",
            "~", "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";");

    // Jinja's own patterns; note that no trim_blocks newline is eaten after {% raw %}, only after endraw.
    private static final Pattern RAW_BEGIN = Pattern.compile("\\{%[-+]?\\s*raw\\s*(-%}|%})");
    private static final Pattern RAW_END = Pattern.compile("\\{%([-+]?)\\s*endraw\\s*([-+]?)%}");

    private final String source;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int line = 1;

    private Lexer(String source) {
        this.source = source;
    }

    static List<Token> tokenize(String template) {
        String source = template.replace("\r\n", "\n").replace('\r', '\n');
        if (source.endsWith("\n")) {
            source = source.substring(0, source.length() - 1);
        }
        Lexer lexer = new Lexer(source);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (pos < source.length()) {
            int tag = nextTag();
            if (tag < 0) {
                tokens.add(new Token(Kind.TEXT, source.substring(pos), line));
                moveTo(source.length());
                break;
            }
            char kind = source.charAt(tag + 1);
            char control = tag + 2 < source.length() ? source.charAt(tag + 2) : 0;
            String text = source.substring(pos, tag);
            if (control == '-') {
                text = PyStrings.strip(text, null, false, true);
            } else if (control != '+' && kind != '{') {
                text = lstripBlock(text);
            }
            if (!text.isEmpty()) {
                tokens.add(new Token(Kind.TEXT, text, line));
            }
            moveTo(tag + 2 + (control == '-' || control == '+' ? 1 : 0));
            if (kind == '#') {
                comment();
            } else if (kind == '%' && RAW_BEGIN.matcher(source).region(tag, source.length()).lookingAt()) {
                raw(tag);
            } else {
                tag(kind == '%');
            }
        }
        tokens.add(new Token(Kind.EOF, "", line));
    }

    private int nextTag() {
        for (int i = source.indexOf('{', pos); i >= 0 && i + 1 < source.length(); i = source.indexOf('{', i + 1)) {
            char next = source.charAt(i + 1);
            if (next == '{' || next == '%' || next == '#') {
                return i;
            }
        }
        return -1;
    }

    /** lstrip_blocks: drop spaces and tabs between the start of a line and a block or comment tag. */
    private String lstripBlock(String text) {
        int lineStart = text.lastIndexOf('\n') + 1;
        boolean atLineStart = lineStart > 0 || pos == 0 || source.charAt(pos - 1) == '\n';
        for (int i = lineStart; i < text.length(); i++) {
            if (text.charAt(i) != ' ' && text.charAt(i) != '\t') {
                return text;
            }
        }
        return atLineStart ? text.substring(0, lineStart) : text;
    }

    private void comment() {
        int end = source.indexOf("#}", pos);
        if (end < 0) {
            throw new TemplateError("the comment is not closed with '#}'").at(line);
        }
        char control = end > pos ? source.charAt(end - 1) : 0;
        moveTo(end + 2);
        afterBlockEnd(control);
    }

    /** {@code {% raw %}...{% endraw %}}: the body is text, with the usual whitespace control at its end tag. */
    private void raw(int tag) {
        Matcher begin = RAW_BEGIN.matcher(source).region(tag, source.length());
        begin.lookingAt();
        moveTo(begin.end());
        if (begin.group(1).startsWith("-")) {
            afterBlockEnd('-');
        }
        Matcher end = RAW_END.matcher(source);
        if (!end.find(pos)) {
            throw new TemplateError("missing end of raw directive").at(line);
        }
        String text = source.substring(pos, end.start());
        if (end.group(1).equals("-")) {
            text = PyStrings.strip(text, null, false, true);
        } else if (end.group(1).isEmpty()) {
            text = lstripBlock(text);
        }
        if (!text.isEmpty()) {
            tokens.add(new Token(Kind.TEXT, text, line));
        }
        moveTo(end.end());
        afterBlockEnd(end.group(2).isEmpty() ? 0 : end.group(2).charAt(0));
    }

    private void tag(boolean block) {
        int start = line;
        tokens.add(new Token(block ? Kind.BLOCK_BEGIN : Kind.VARIABLE_BEGIN, "", line));
        String close = block ? "%}" : "}}";
        int depth = 0;
        while (true) {
            skipWhitespace();
            if (pos >= source.length()) {
                throw new TemplateError("the tag is not closed with '" + close + "'").at(start);
            }
            // As in Jinja, a closing delimiter inside open brackets is just operators: {{ {'a': {'b': 1}} }}.
            if (depth == 0) {
                char control = source.charAt(pos);
                boolean marked = (control == '-' || block && control == '+') && source.startsWith(close, pos + 1);
                if (marked || source.startsWith(close, pos)) {
                    tokens.add(new Token(block ? Kind.BLOCK_END : Kind.VARIABLE_END, "", line));
                    moveTo(pos + close.length() + (marked ? 1 : 0));
                    if (block || marked) {
                        afterBlockEnd(marked ? control : 0);
                    }
                    return;
                }
            }
            Token token = token();
            tokens.add(token);
            if (token.kind() == Kind.OPERATOR) {
                switch (token.value()) {
                    case "(", "[", "{" -> depth++;
                    case ")", "]", "}" -> {
                        if (depth == 0) {
                            throw new TemplateError("syntax error: unexpected '" + token.value() + "'").at(token.line());
                        }
                        depth--;
                    }
                    default -> {
                    }
                }
            }
        }
    }

    /** After a tag: '-' strips all following whitespace, '+' keeps it, otherwise trim_blocks eats one newline. */
    private void afterBlockEnd(char control) {
        if (control == '-') {
            int end = pos;
            while (end < source.length() && PyStrings.isSpace(source.charAt(end))) {
                end++;
            }
            moveTo(end);
        } else if (control != '+' && pos < source.length() && source.charAt(pos) == '\n') {
            moveTo(pos + 1);
        }
    }

    private void skipWhitespace() {
        int end = pos;
        while (end < source.length() && PyStrings.isSpace(source.charAt(end))) {
            end++;
        }
        moveTo(end);
    }

    private Token token() {
        char c = source.charAt(pos);
        if (c == '\'' || c == '"') {
            return string(c);
        }
        if (c >= '0' && c <= '9') {
            return number();
        }
        if (c == '_' || Character.isUnicodeIdentifierStart(c)) {
            int start = pos;
            do {
                pos++;
            } while (pos < source.length() && Character.isUnicodeIdentifierPart(source.charAt(pos)));
            return new Token(Kind.NAME, source.substring(start, pos), line);
        }
        for (String operator : OPERATORS) {
            if (source.startsWith(operator, pos)) {
                pos += operator.length();
                return new Token(Kind.OPERATOR, operator, line);
            }
        }
        throw new TemplateError("unexpected character '" + c + "'").at(line);
    }

    private Token number() {
        int start = pos;
        digits();
        // After a dot, 0.1 is an index path (a.0.1), not a float, as in Jinja.
        boolean afterDot = !tokens.isEmpty() && tokens.getLast().isOperator(".");
        boolean isFloat = false;
        if (!afterDot && pos + 1 < source.length() && source.charAt(pos) == '.' && isDigit(pos + 1)) {
            pos++;
            digits();
            isFloat = true;
        }
        if (!afterDot && pos < source.length() && (source.charAt(pos) == 'e' || source.charAt(pos) == 'E')) {
            int mark = pos++;
            if (pos < source.length() && (source.charAt(pos) == '+' || source.charAt(pos) == '-')) {
                pos++;
            }
            if (isDigit(pos)) {
                digits();
                isFloat = true;
            } else {
                pos = mark;
            }
        }
        String text = source.substring(start, pos).replace("_", "");
        try {
            return new Token(Kind.NUMBER, text, isFloat ? (Object) Double.parseDouble(text) : (Object) Long.parseLong(text), line);
        } catch (NumberFormatException e) {
            throw new TemplateError("integer literal too large: " + text).at(line);
        }
    }

    private void digits() {
        while (isDigit(pos) || pos < source.length() && source.charAt(pos) == '_' && isDigit(pos + 1)) {
            pos++;
        }
    }

    private boolean isDigit(int at) {
        return at < source.length() && source.charAt(at) >= '0' && source.charAt(at) <= '9';
    }

    /** A quoted string, decoded as Python's unicode-escape codec does (which is what Jinja applies). */
    private Token string(char quote) {
        int startLine = line;
        StringBuilder out = new StringBuilder();
        int i = pos + 1;
        while (true) {
            if (i >= source.length()) {
                throw new TemplateError("unterminated string").at(startLine);
            }
            char c = source.charAt(i);
            if (c == quote) {
                break;
            }
            if (c == '\\' && i + 1 < source.length()) {
                i = escape(out, i + 1, startLine);
            } else {
                out.append(c);
                i++;
            }
        }
        moveTo(i + 1);
        return new Token(Kind.STRING, out.toString(), startLine);
    }

    /** Decodes the escape whose letter is at {@code i}; returns the index after it. */
    private int escape(StringBuilder out, int i, int startLine) {
        char c = source.charAt(i);
        switch (c) {
            case '\n' -> {
                return i + 1;
            }
            case '\\', '\'', '"' -> out.append(c);
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'v' -> out.append('\u000B');
            case 'x', 'u', 'U' -> {
                int width = c == 'x' ? 2 : c == 'u' ? 4 : 8;
                String hex = i + 1 + width <= source.length() ? source.substring(i + 1, i + 1 + width) : "";
                if (!hex.matches("[0-9a-fA-F]{" + width + "}") || Long.parseLong(hex, 16) > Character.MAX_CODE_POINT) {
                    throw new TemplateError("invalid \\" + c + " escape in string").at(startLine);
                }
                out.appendCodePoint(Integer.parseInt(hex, 16));
                return i + 1 + width;
            }
            case 'N' -> {
                int close = source.indexOf('}', i);
                if (i + 1 >= source.length() || source.charAt(i + 1) != '{' || close < 0) {
                    throw new TemplateError("invalid \\N escape in string").at(startLine);
                }
                try {
                    out.appendCodePoint(Character.codePointOf(source.substring(i + 2, close)));
                } catch (IllegalArgumentException e) {
                    throw new TemplateError("unknown character name in \\N escape").at(startLine);
                }
                return close + 1;
            }
            default -> {
                if (c >= '0' && c <= '7') {
                    int end = i;
                    while (end < i + 3 && end < source.length() && source.charAt(end) >= '0' && source.charAt(end) <= '7') {
                        end++;
                    }
                    out.append((char) Integer.parseInt(source.substring(i, end), 8));
                    return end;
                }
                // Python keeps unknown escapes as they are: '\d' stays backslash-d.
                out.append('\\').append(c);
            }
        }
        return i + 1;
    }

    private void moveTo(int end) {
        for (int i = pos; i < end; i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        pos = end;
    }
}
