package dev.cairn.chat;

/**
 * A chat template that cannot be parsed or rendered: a syntax error, an error the template raised itself
 * ({@code raise_exception}), a type error, or a sandbox limit. The message names the template and, when
 * known, the line.
 */
public final class ChatTemplateException extends RuntimeException {

    private final String template;
    private final int line;

    public ChatTemplateException(String template, int line, String detail) {
        super(template + (line > 0 ? ", line " + line : "") + ": " + detail);
        this.template = template;
        this.line = line;
    }

    /** The template's name: a file name, or {@code chat template of <model>}. */
    public String template() {
        return template;
    }

    /** The 1-based line of the template where the error happened, or 0 if unknown. */
    public int line() {
        return line;
    }
}
