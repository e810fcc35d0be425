package dev.cairn.chat;

/**
 * An error inside the interpreter, before it knows which template it is in; the line is filled in by the
 * innermost expression or statement that sees it, and {@link ChatTemplate} names the template.
 */
final class TemplateError extends RuntimeException {

    private int line;

    TemplateError(String message) {
        // No stack trace: these are expected user errors, and a hostile template may raise many of them.
        super(message, null, false, false);
    }

    /** Records {@code line} unless an inner node already did. */
    TemplateError at(int line) {
        if (this.line == 0) {
            this.line = line;
        }
        return this;
    }

    ChatTemplateException named(String template) {
        return new ChatTemplateException(template, line, getMessage());
    }
}
