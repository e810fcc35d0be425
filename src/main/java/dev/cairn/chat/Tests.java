package dev.cairn.chat;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Jinja's tests ({@code x is defined}, {@code x is string}, ...), with Python's notion of each type. */
final class Tests {

    static final Set<String> NAMES = Set.of("defined", "undefined", "none", "boolean", "true", "false", "integer",
            "float", "number", "string", "mapping", "iterable", "sequence", "callable", "lower", "upper", "even", "odd",
            "divisibleby", "sameas", "eq", "equalto", "==", "ne", "!=", "lt", "lessthan", "<", "le", "<=", "gt",
            "greaterthan", ">", "ge", ">=", "in");

    private Tests() {
    }

    static boolean apply(String name, Object value, Args args) {
        return switch (name) {
            case "defined" -> !(value instanceof Undefined);
            case "undefined" -> value instanceof Undefined;
            case "none" -> value == null;
            case "boolean" -> value instanceof Boolean;
            case "true" -> Boolean.TRUE.equals(value);
            case "false" -> Boolean.FALSE.equals(value);
            case "integer" -> value instanceof Long;
            case "float" -> value instanceof Double;
            case "number" -> Values.isNumber(value);
            case "string" -> value instanceof String;
            case "mapping" -> value instanceof Map;
            // Undefined counts: in Jinja it has __iter__, __len__ and __getitem__.
            case "iterable", "sequence" -> value instanceof String || value instanceof List || value instanceof Map
                    || value instanceof Undefined;
            case "callable" -> value instanceof JinjaFunction;
            case "lower" -> cased(Values.str(value), false);
            case "upper" -> cased(Values.str(value), true);
            case "even" -> Values.asLong(value) % 2 == 0;
            case "odd" -> Values.asLong(value) % 2 != 0;
            case "divisibleby" -> {
                long divisor = Values.asLong(other(args, "num"));
                if (divisor == 0) {
                    throw new TemplateError("division by zero");
                }
                yield Values.asLong(value) % divisor == 0;
            }
            case "sameas" -> sameAs(value, other(args, "other"));
            case "eq", "equalto", "==" -> Values.equal(value, other(args, "other"));
            case "ne", "!=" -> !Values.equal(value, other(args, "other"));
            case "lt", "lessthan", "<" -> Values.compare(value, other(args, "other"), "<") < 0;
            case "le", "<=" -> Values.compare(value, other(args, "other"), "<=") <= 0;
            case "gt", "greaterthan", ">" -> Values.compare(value, other(args, "other"), ">") > 0;
            case "ge", ">=" -> Values.compare(value, other(args, "other"), ">=") >= 0;
            case "in" -> Operators.contains(other(args, "seq"), value);
            default -> throw new TemplateError("no test named '" + name + "'");
        };
    }

    private static Object other(Args args, String name) {
        return args.expect(name).require(0, name);
    }

    /** Python's islower/isupper: at least one cased character, and all of them in that case. */
    private static boolean cased(String s, boolean upper) {
        boolean any = false;
        for (int c : PyStrings.codePoints(s)) {
            if (Character.isUpperCase(c) || Character.isTitleCase(c)) {
                if (!upper) {
                    return false;
                }
                any = true;
            } else if (Character.isLowerCase(c)) {
                if (upper) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    /** Python's {@code is}: identity, which for the values a template holds means None, booleans, or the same object. */
    private static boolean sameAs(Object a, Object b) {
        if (a == null || b == null || a instanceof Boolean || b instanceof Boolean) {
            return a == null ? b == null : a.equals(b);
        }
        return a == b;
    }
}
