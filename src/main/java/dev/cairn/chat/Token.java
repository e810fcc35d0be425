package dev.cairn.chat;

/** One lexical token of a template; {@code line} is 1-based, for error messages. */
record Token(Kind kind, String value, Object literal, int line) {

    enum Kind { TEXT, VARIABLE_BEGIN, VARIABLE_END, BLOCK_BEGIN, BLOCK_END, NAME, STRING, NUMBER, OPERATOR, EOF }

    Token(Kind kind, String value, int line) {
        this(kind, value, null, line);
    }

    boolean isName(String name) {
        return kind == Kind.NAME && value.equals(name);
    }

    boolean isOperator(String operator) {
        return kind == Kind.OPERATOR && value.equals(operator);
    }

    /** How an error message shows this token. */
    String describe() {
        return kind == Kind.NAME || kind == Kind.NUMBER || kind == Kind.OPERATOR ? "'" + value + "'" : describe(kind);
    }

    static String describe(Kind kind) {
        return switch (kind) {
            case TEXT -> "text";
            case VARIABLE_BEGIN -> "'{{'";
            case VARIABLE_END -> "'}}'";
            case BLOCK_BEGIN -> "'{%'";
            case BLOCK_END -> "'%}'";
            case NAME -> "a name";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case OPERATOR -> "an operator";
            case EOF -> "end of template";
        };
    }
}
