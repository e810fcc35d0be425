package dev.cairn.cli;

import java.util.function.Function;

/** Checks of command-line values whose messages name the option and say what it takes. */
final class Checks {

    private Checks() {
    }

    static void atLeastOne(String flag, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(flag + " must be at least 1, was " + value);
        }
    }

    /** {@code parse(text)}, with a failure's message put after the option it came from. */
    static <T> T parsed(String flag, String text, Function<String, T> parse) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
        }
    }
}
