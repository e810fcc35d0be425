package dev.cairn.chat;

/**
 * Jinja's undefined value: a missing variable, attribute or item. It prints as nothing, is false and
 * iterates as empty, so templates can probe optional fields ({@code message.tool_calls is defined}); using it
 * as data (arithmetic, attributes, calls) fails with {@code hint}, which says what was missing.
 */
record Undefined(String hint) {

    TemplateError error() {
        return new TemplateError(hint);
    }
}
