package dev.cairn.chat;

import static dev.cairn.chat.Values.asDouble;
import static dev.cairn.chat.Values.asLong;
import static dev.cairn.chat.Values.isInteger;
import static dev.cairn.chat.Values.isNumber;
import static dev.cairn.chat.Values.typeName;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's arithmetic and membership operators on template values: integers stay exact (overflow is an
 * error, not a wrap), {@code /} always gives a float, {@code //} and {@code %} floor, and every string or
 * list an operator builds is checked against the render's size limit before it is built.
 */
final class Operators {

    private Operators() {
    }

    static Object binary(String operator, Object a, Object b, Budget budget) {
        Values.defined(a);
        Values.defined(b);
        try {
            return switch (operator) {
                case "+" -> add(a, b, budget);
                case "-" -> arithmetic(operator, a, b, Math::subtractExact, (x, y) -> x - y);
                case "*" -> multiply(a, b, budget);
                case "/" -> divide(a, b);
                case "//" -> arithmetic(operator, a, b, (x, y) -> Math.floorDiv(x, nonZero(y)),
                        (x, y) -> Math.floor(x / nonZero(y)));
                case "%" -> arithmetic(operator, a, b, (x, y) -> Math.floorMod(x, nonZero(y)),
                        (x, y) -> x - nonZero(y) * Math.floor(x / y));
                case "**" -> power(a, b);
                default -> throw new IllegalStateException("operator " + operator);
            };
        } catch (ArithmeticException e) {
            throw new TemplateError("integer overflow in '" + operator + "'");
        }
    }

    private interface LongOp {
        long apply(long a, long b);
    }

    private interface DoubleOp {
        double apply(double a, double b);
    }

    private static Object arithmetic(String operator, Object a, Object b, LongOp ints, DoubleOp floats) {
        if (!isNumber(a) || !isNumber(b)) {
            throw unsupported(operator, a, b);
        }
        return isInteger(a) && isInteger(b) ? (Object) ints.apply(asLong(a), asLong(b)) : (Object) floats.apply(asDouble(a), asDouble(b));
    }

    private static long nonZero(long divisor) {
        if (divisor == 0) {
            throw new TemplateError("division by zero");
        }
        return divisor;
    }

    private static double nonZero(double divisor) {
        if (divisor == 0) {
            throw new TemplateError("division by zero");
        }
        return divisor;
    }

    private static Object add(Object a, Object b, Budget budget) {
        if (a instanceof String x && b instanceof String y) {
            budget.checkSize((long) x.length() + y.length());
            return x + y;
        }
        if (a instanceof List<?> x && b instanceof List<?> y && (a instanceof Tuple) == (b instanceof Tuple)) {
            budget.checkSize((long) x.size() + y.size());
            List<Object> sum = new ArrayList<>(x);
            sum.addAll(y);
            return a instanceof Tuple ? new Tuple(sum) : sum;
        }
        return arithmetic("+", a, b, Math::addExact, Double::sum);
    }

    private static Object multiply(Object a, Object b, Budget budget) {
        if (isInteger(b) && (a instanceof String || a instanceof List)) {
            return repeat(a, asLong(b), budget);
        }
        if (isInteger(a) && (b instanceof String || b instanceof List)) {
            return repeat(b, asLong(a), budget);
        }
        return arithmetic("*", a, b, Math::multiplyExact, (x, y) -> x * y);
    }

    private static Object repeat(Object sequence, long times, Budget budget) {
        long n = Math.max(times, 0);
        if (sequence instanceof String s) {
            budget.checkSize(saturatedProduct(s.length(), n));
            return s.repeat((int) n);
        }
        List<?> items = (List<?>) sequence;
        budget.checkSize(saturatedProduct(items.size(), n));
        List<Object> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            out.addAll(items);
        }
        return sequence instanceof Tuple ? new Tuple(out) : out;
    }

    private static long saturatedProduct(long size, long times) {
        return times != 0 && size > Long.MAX_VALUE / times ? Long.MAX_VALUE : size * times;
    }

    private static Object divide(Object a, Object b) {
        if (!isNumber(a) || !isNumber(b)) {
            throw unsupported("/", a, b);
        }
        return asDouble(a) / nonZero(asDouble(b));
    }

    private static Object power(Object a, Object b) {
        if (!isNumber(a) || !isNumber(b)) {
            throw unsupported("**", a, b);
        }
        if (isInteger(a) && isInteger(b) && asLong(b) >= 0) {
            long base = asLong(a);
            long result = 1;
            for (long e = asLong(b); e > 0; e >>= 1) {
                if ((e & 1) == 1) {
                    result = Math.multiplyExact(result, base);
                }
                if (e > 1) {
                    base = Math.multiplyExact(base, base);
                }
            }
            return result;
        }
        return Math.pow(asDouble(a), asDouble(b));
    }

    static Object negate(Object value) {
        Values.defined(value);
        if (isInteger(value)) {
            return Math.negateExact(asLong(value));
        }
        if (value instanceof Double d) {
            return -d;
        }
        throw new TemplateError("bad operand type for unary -: '" + typeName(value) + "'");
    }

    static Object plus(Object value) {
        Values.defined(value);
        if (isInteger(value)) {
            return asLong(value);
        }
        if (value instanceof Double) {
            return value;
        }
        throw new TemplateError("bad operand type for unary +: '" + typeName(value) + "'");
    }

    /** Python's {@code needle in haystack}; anything in undefined is false, since undefined iterates as empty. */
    static boolean contains(Object haystack, Object needle) {
        return switch (haystack) {
            case String s -> {
                if (!(needle instanceof String n)) {
                    throw new TemplateError("'in <string>' requires string as left operand, not " + typeName(needle));
                }
                yield s.contains(n);
            }
            case List<?> l -> l.stream().anyMatch(item -> Values.equal(item, needle));
            case Map<?, ?> m -> m.containsKey(needle);
            case Undefined u -> false;
            case null, default -> throw new TemplateError("argument of type '" + typeName(haystack) + "' is not iterable");
        };
    }

    static Object compare(String operator, Object a, Object b) {
        return switch (operator) {
            case "==" -> Values.equal(a, b);
            case "!=" -> !Values.equal(a, b);
            case "in" -> contains(b, a);
            case "not in" -> !contains(b, a);
            case "<" -> Values.compare(a, b, operator) < 0;
            case "<=" -> Values.compare(a, b, operator) <= 0;
            case ">" -> Values.compare(a, b, operator) > 0;
            case ">=" -> Values.compare(a, b, operator) >= 0;
            default -> throw new IllegalStateException("operator " + operator);
        };
    }

    private static TemplateError unsupported(String operator, Object a, Object b) {
        return new TemplateError("unsupported operand type(s) for " + operator + ": '" + typeName(a) + "' and '"
                + typeName(b) + "'");
    }
}
