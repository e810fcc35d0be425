package dev.cairn.chat;

import java.util.List;

/** A parsed template statement; every node keeps its line for error messages. */
sealed interface Node {

    int line();

    record Text(int line, String text) implements Node {
    }

    /** {@code {{ expr }}}. */
    record Output(int line, Expr expr) implements Node {
    }

    record If(int line, List<Branch> branches, List<Node> otherwise) implements Node {
    }

    record Branch(Expr condition, List<Node> body) {
    }

    /** {@code for targets in iterable [if filter]}, with an {@code else} body run when nothing was iterated. */
    record For(int line, List<String> targets, Expr iterable, Expr filter, List<Node> body, List<Node> otherwise)
            implements Node {
    }

    /** {@code set a = ...} or {@code set a, b = ...}. */
    record Assign(int line, List<String> targets, Expr value) implements Node {
    }

    /** {@code set ns.attribute = ...}. */
    record AssignAttribute(int line, String namespace, String attribute, Expr value) implements Node {
    }

    /** {@code set name}...{@code endset}: the rendered body becomes the value. */
    record AssignBlock(int line, String name, List<Node> body) implements Node {
    }

    /** A macro; {@code defaults} is aligned with {@code params}, null where a parameter has none. */
    record Macro(int line, String name, List<String> params, List<Expr> defaults, List<Node> body) implements Node {
    }

    record Break(int line) implements Node {
    }

    record Continue(int line) implements Node {
    }
}
