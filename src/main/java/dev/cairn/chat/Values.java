package dev.cairn.chat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Python's semantics for template values: how they print ({@code str}, {@code repr}), truth, equality,
 * ordering, iteration and length. Values are {@code null} (None), Boolean, Long, Double, String,
 * {@link List} (including {@link Tuple}), {@link Map}, {@link Undefined}, {@link Namespace},
 * {@link LoopInfo} and {@link JinjaFunction}: nothing else can enter a render, which is what keeps a
 * template from reaching Java objects.
 */
final class Values {

    private Values() {
    }

    static String typeName(Object value) {
        return switch (value) {
            case null -> "NoneType";
            case Boolean b -> "bool";
            case Long l -> "int";
            case Double d -> "float";
            case String s -> "str";
            case Tuple t -> "tuple";
            case List<?> l -> "list";
            case Map<?, ?> m -> "dict";
            case Undefined u -> "Undefined";
            case Namespace n -> "Namespace";
            case LoopInfo l -> "LoopContext";
            default -> "function";
        };
    }

    static boolean truthy(Object value) {
        return switch (value) {
            case null -> false;
            case Boolean b -> b;
            case Long l -> l != 0;
            case Double d -> d != 0.0;
            case String s -> !s.isEmpty();
            case List<?> l -> !l.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            case Undefined u -> false;
            default -> true;
        };
    }

    /** Python's {@code str()}: what {@code {{ value }}} prints. */
    static String str(Object value) {
        return switch (value) {
            case String s -> s;
            case Undefined u -> "";
            case null, default -> repr(value);
        };
    }

    /** Python's {@code repr()}: how values print inside lists and dicts. */
    static String repr(Object value) {
        return switch (value) {
            case null -> "None";
            case Boolean b -> b ? "True" : "False";
            case Long l -> l.toString();
            case Double d -> pyFloat(d);
            case String s -> quote(s);
            case Tuple t -> t.size() == 1 ? "(" + repr(t.get(0)) + ",)" : join("(", t, ")");
            case List<?> l -> join("[", l, "]");
            case Map<?, ?> m -> {
                StringBuilder out = new StringBuilder("{");
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    out.append(out.length() > 1 ? ", " : "").append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
                }
                yield out.append('}').toString();
            }
            case Undefined u -> "Undefined";
            case Namespace n -> "<Namespace>";
            case LoopInfo l -> "<LoopContext " + (l.index0() + 1) + "/" + l.items().size() + ">";
            default -> "<function>";
        };
    }

    private static String join(String open, List<?> items, String close) {
        StringBuilder out = new StringBuilder(open);
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(repr(items.get(i)));
        }
        return out.append(close).toString();
    }

    /** Python's repr of a float: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
    static String pyFloat(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        String sign = d < 0 || (d == 0 && 1 / d < 0) ? "-" : "";
        if (d == 0) {
            return sign + "0.0";
        }
        // Java's Double.toString gives the shortest round-trip digits too (JDK 19+); only the layout differs.
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int point = digits.length() - exact.scale();
        if (point > -4 && point <= 16) {
            if (point <= 0) {
                return sign + "0." + "0".repeat(-point) + digits;
            }
            if (point >= digits.length()) {
                return sign + digits + "0".repeat(point - digits.length()) + ".0";
            }
            return sign + digits.substring(0, point) + "." + digits.substring(point);
        }
        int exponent = point - 1;
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }

    /** Python's repr of a string: single quotes unless only double quotes avoid escaping. */
    private static String quote(String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(q);
        s.codePoints().forEach(c -> {
            if (c == q || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (printable(c)) {
                out.appendCodePoint(c);
            } else if (c <= 0xFF) {
                out.append(String.format("\\x%02x", c));
            } else if (c <= 0xFFFF) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.append(String.format("\\U%08x", c));
            }
        });
        return out.append(q).toString();
    }

    private static boolean printable(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    /** Python's {@code ==}: numbers by value (booleans are integers), lists and dicts deeply. */
    static boolean equal(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (isNumber(a) && isNumber(b)) {
            return isInteger(a) && isInteger(b) ? asLong(a) == asLong(b) : asDouble(a) == asDouble(b);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if ((a instanceof Tuple) != (b instanceof Tuple) || x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !equal(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Undefined || b instanceof Undefined) {
            return a instanceof Undefined && b instanceof Undefined;
        }
        return a.equals(b);
    }

    /** Python's ordering ({@code <} and friends) as a comparator result; mixed types are a TypeError. */
    static int compare(Object a, Object b, String operator) {
        defined(a);
        defined(b);
        if (isNumber(a) && isNumber(b)) {
            return isInteger(a) && isInteger(b) ? Long.compare(asLong(a), asLong(b)) : Double.compare(asDouble(a), asDouble(b));
        }
        if (a instanceof String x && b instanceof String y) {
            return Integer.signum(compareCodePoints(x, y));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return compare(x.get(i), y.get(i), operator);
                }
            }
            return Integer.compare(x.size(), y.size());
        }
        throw new TemplateError("'" + operator + "' not supported between instances of '" + typeName(a) + "' and '"
                + typeName(b) + "'");
    }

    private static int compareCodePoints(String x, String y) {
        Iterator<Integer> i = x.codePoints().iterator();
        Iterator<Integer> j = y.codePoints().iterator();
        while (i.hasNext() && j.hasNext()) {
            int c = Integer.compare(i.next(), j.next());
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(i.hasNext(), j.hasNext());
    }

    /** What a for loop sees: list items, dict keys, string characters; undefined iterates as empty. */
    static List<Object> iterate(Object value) {
        return switch (value) {
            case List<?> l -> new ArrayList<>(l);
            case Map<?, ?> m -> new ArrayList<>(m.keySet());
            case String s -> new ArrayList<>(s.codePoints().mapToObj(Character::toString).toList());
            case Undefined u -> List.of();
            case null, default -> throw new TemplateError("'" + typeName(value) + "' object is not iterable");
        };
    }

    static int length(Object value) {
        return switch (value) {
            case String s -> PyStrings.length(s);
            case List<?> l -> l.size();
            case Map<?, ?> m -> m.size();
            case Undefined u -> 0;
            case null, default -> throw new TemplateError("object of type '" + typeName(value) + "' has no len()");
        };
    }

    static boolean isNumber(Object value) {
        return value instanceof Long || value instanceof Double || value instanceof Boolean;
    }

    /** Python's int, which includes bool. */
    static boolean isInteger(Object value) {
        return value instanceof Long || value instanceof Boolean;
    }

    static long asLong(Object value) {
        return switch (value) {
            case Long l -> l;
            case Boolean b -> b ? 1 : 0;
            case Undefined u -> throw u.error();
            case null, default -> throw new TemplateError("'" + typeName(value) + "' object cannot be interpreted as an integer");
        };
    }

    static double asDouble(Object value) {
        return switch (value) {
            case Double d -> d;
            case Undefined u -> throw u.error();
            case null, default -> asLong(value);
        };
    }

    /** Fails with the undefined value's own message when {@code value} is undefined. */
    static void defined(Object value) {
        if (value instanceof Undefined u) {
            throw u.error();
        }
    }
}
