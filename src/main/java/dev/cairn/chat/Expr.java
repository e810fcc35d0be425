package dev.cairn.chat;

import java.util.List;
import java.util.Map;

/** A parsed Jinja expression; every node keeps its line for error messages. */
sealed interface Expr {

    int line();

    record Literal(int line, Object value) implements Expr {
    }

    record Name(int line, String name) implements Expr {
    }

    /** A list literal, or a tuple literal when {@code tuple}. */
    record ListLiteral(int line, List<Expr> items, boolean tuple) implements Expr {
    }

    record DictLiteral(int line, List<Expr> keys, List<Expr> values) implements Expr {
    }

    record Attribute(int line, Expr target, String name) implements Expr {
    }

    record Item(int line, Expr target, Expr key) implements Expr {
    }

    /** {@code target[start:stop:step]}; absent parts are null. */
    record Slice(int line, Expr target, Expr start, Expr stop, Expr step) implements Expr {
    }

    record Call(int line, Expr callee, List<Expr> args, Map<String, Expr> kwargs) implements Expr {
    }

    record Filter(int line, Expr target, String name, List<Expr> args, Map<String, Expr> kwargs) implements Expr {
    }

    record Test(int line, Expr target, String name, List<Expr> args, Map<String, Expr> kwargs) implements Expr {
    }

    record Not(int line, Expr operand) implements Expr {
    }

    /** Unary {@code -} or {@code +}. */
    record Unary(int line, String operator, Expr operand) implements Expr {
    }

    /** {@code and} / {@code or}, which return an operand, as in Python. */
    record Logical(int line, boolean and, Expr left, Expr right) implements Expr {
    }

    /** Arithmetic: {@code + - * / // % **}. */
    record Binary(int line, String operator, Expr left, Expr right) implements Expr {
    }

    /** {@code a ~ b ~ c}: the parts printed and joined. */
    record Concat(int line, List<Expr> parts) implements Expr {
    }

    /** A comparison chain such as {@code a < b <= c}; operators include {@code in} and {@code not in}. */
    record Compare(int line, Expr first, List<String> operators, List<Expr> operands) implements Expr {
    }

    /** {@code then if condition else otherwise}; a missing else is null and gives undefined. */
    record Conditional(int line, Expr condition, Expr then, Expr otherwise) implements Expr {
    }
}
