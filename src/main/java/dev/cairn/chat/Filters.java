package dev.cairn.chat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Jinja's filters ({@code x | trim}, {@code x | tojson}, ...) that chat templates use, with Jinja's exact semantics. */
final class Filters {

    static final Set<String> NAMES = Set.of("abs", "capitalize", "count", "d", "default", "first", "float", "int",
            "items", "join", "last", "length", "list", "lower", "map", "reject", "rejectattr", "replace", "reverse",
            "safe", "select", "selectattr", "string", "tojson", "trim", "upper");

    private static final Pattern PY_FLOAT = Pattern.compile(
            "[+-]?(\\d[\\d_]*(\\.[\\d_]*)?([eE][+-]?\\d+)?|\\.\\d[\\d_]*([eE][+-]?\\d+)?|inf|infinity|nan)",
            Pattern.CASE_INSENSITIVE);

    private Filters() {
    }

    static Object apply(String name, Object value, Args args, Budget budget) {
        return switch (name) {
            case "abs" -> {
                args.expect();
                yield Values.compare(value, 0L, "<") < 0 ? Operators.negate(value) : Operators.plus(value);
            }
            case "capitalize" -> PyStrings.capitalize(Values.str(value));
            case "count", "length" -> (long) Values.length(value);
            case "d", "default" -> {
                args.expect("default_value", "boolean");
                boolean replaceFalsy = Values.truthy(args.get(1, "boolean", false));
                yield value instanceof Undefined || replaceFalsy && !Values.truthy(value) ? args.get(0, "default_value", "") : value;
            }
            case "first" -> {
                List<Object> items = Values.iterate(value);
                yield items.isEmpty() ? new Undefined("No first item, sequence was empty.") : items.getFirst();
            }
            case "last" -> {
                List<Object> items = Values.iterate(value);
                yield items.isEmpty() ? new Undefined("No last item, sequence was empty.") : items.getLast();
            }
            case "float" -> toFloat(value, args.expect("default").get(0, "default", 0.0));
            case "int" -> toInt(value, args.expect("default", "base").get(0, "default", 0L));
            case "items" -> items(value);
            case "join" -> join(value, args, budget);
            case "list" -> Values.iterate(value);
            case "lower" -> PyStrings.lower(Values.str(value));
            case "upper" -> PyStrings.upper(Values.str(value));
            case "map" -> map(value, args, budget);
            case "select", "reject" -> select(value, args, name.equals("select"), false, budget);
            case "selectattr", "rejectattr" -> select(value, args, name.equals("selectattr"), true, budget);
            case "replace" -> {
                args.expect("old", "new", "count");
                Object count = args.get(2, "count", null);
                String replaced = PyStrings.replace(Values.str(value), Values.str(args.require(0, "old")),
                        Values.str(args.require(1, "new")), count == null ? -1 : Values.asLong(count));
                budget.checkSize(replaced.length());
                yield replaced;
            }
            case "reverse" -> {
                if (value instanceof String s) {
                    yield new StringBuilder(s).reverse().toString();
                }
                List<Object> items = Values.iterate(value);
                Collections.reverse(items);
                yield items;
            }
            case "safe", "string" -> Values.str(value);
            case "tojson" -> PyJson.filter(value, args, budget);
            case "trim" -> {
                Object chars = args.expect("chars").get(0, "chars", null);
                yield PyStrings.strip(Values.str(value), chars == null ? null : Values.str(chars), true, true);
            }
            default -> throw new TemplateError("no filter named '" + name + "'");
        };
    }

    private static Object toInt(Object value, Object fallback) {
        return switch (value) {
            case Boolean b -> b ? 1L : 0L;
            case Long l -> l;
            case Double d when !d.isNaN() && !d.isInfinite() -> (long) d.doubleValue();
            case String s -> {
                String text = PyStrings.strip(s, null, true, true).replace("_", "");
                try {
                    yield Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
                } catch (NumberFormatException e) {
                    // Jinja's quirk: "42.23" | int is 42, through float.
                    Object asFloat = toFloat(s, null);
                    yield asFloat instanceof Double d ? toInt(d, fallback) : fallback;
                }
            }
            case null, default -> fallback;
        };
    }

    private static Object toFloat(Object value, Object fallback) {
        return switch (value) {
            case Boolean b -> b ? 1.0 : 0.0;
            case Long l -> l.doubleValue();
            case Double d -> d;
            case String s -> {
                String text = PyStrings.strip(s, null, true, true);
                if (!PY_FLOAT.matcher(text).matches()) {
                    yield fallback;
                }
                String lower = text.toLowerCase(Locale.ROOT).replace("_", "");
                yield lower.endsWith("inf") || lower.endsWith("infinity")
                        ? (lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
                        : lower.endsWith("nan") ? Double.NaN : Double.parseDouble(lower);
            }
            case null, default -> fallback;
        };
    }

    private static Object items(Object value) {
        if (value instanceof Undefined) {
            return List.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new TemplateError("Can only get item pairs from a mapping.");
        }
        List<Object> pairs = new ArrayList<>();
        map.forEach((k, v) -> pairs.add(new Tuple(Arrays.asList(k, v))));
        return pairs;
    }

    private static String join(Object value, Args args, Budget budget) {
        args.expect("d", "attribute");
        String separator = Values.str(args.get(0, "d", ""));
        Object attribute = args.get(1, "attribute", null);
        Function<Object, Object> getter = attribute == null ? item -> item : attributeGetter(attribute, null);
        StringBuilder out = new StringBuilder();
        List<Object> items = Values.iterate(value);
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "" : separator).append(Values.str(getter.apply(items.get(i))));
            budget.checkSize(out.length());
        }
        return out.toString();
    }

    /** {@code map(attribute='x', default=d)} or {@code map('filter', args...)}. */
    private static List<Object> map(Object value, Args args, Budget budget) {
        Function<Object, Object> function;
        if (args.positional().isEmpty() && args.keyword().containsKey("attribute")) {
            args.expect("attribute", "default");
            function = attributeGetter(args.keyword().get("attribute"), args.keyword().get("default"));
        } else {
            String filter = Values.str(args.positional().isEmpty() ? null : args.positional().getFirst());
            if (!NAMES.contains(filter)) {
                throw new TemplateError("map(): no filter named '" + filter + "'");
            }
            Args rest = new Args(filter, args.rest(1), args.keyword());
            function = item -> apply(filter, item, rest, budget);
        }
        List<Object> out = new ArrayList<>();
        for (Object item : Values.iterate(value)) {
            out.add(function.apply(item));
        }
        return out;
    }

    /** select/reject and selectattr/rejectattr: keep items whose (attribute's) test result equals {@code keep}. */
    private static List<Object> select(Object value, Args args, boolean keep, boolean byAttribute, Budget budget) {
        int offset = byAttribute ? 1 : 0;
        Function<Object, Object> getter = item -> item;
        if (byAttribute) {
            if (args.positional().isEmpty()) {
                throw new TemplateError("Missing parameter for attribute name");
            }
            getter = attributeGetter(args.positional().getFirst(), null);
        }
        Function<Object, Boolean> test;
        if (args.positional().size() > offset) {
            String name = Values.str(args.positional().get(offset));
            if (!Tests.NAMES.contains(name)) {
                throw new TemplateError("no test named '" + name + "'");
            }
            Args testArgs = new Args(name, args.rest(offset + 1), args.keyword());
            test = item -> Tests.apply(name, item, testArgs);
        } else {
            test = Values::truthy;
        }
        List<Object> out = new ArrayList<>();
        for (Object item : Values.iterate(value)) {
            budget.step();
            if (test.apply(getter.apply(item)) == keep) {
                out.add(item);
            }
        }
        return out;
    }

    /** Jinja's attribute getter: a dotted path, integer parts as indices, with an optional default for undefined. */
    private static Function<Object, Object> attributeGetter(Object attribute, Object fallback) {
        List<Object> parts = new ArrayList<>();
        if (attribute instanceof String path) {
            for (String part : path.split("\\.", -1)) {
                parts.add(part.matches("\\d+") ? (Object) Long.parseLong(part) : part);
            }
        } else {
            parts.add(attribute);
        }
        return item -> {
            Object current = item;
            for (Object part : parts) {
                current = Access.item(current, part);
            }
            return fallback != null && current instanceof Undefined ? fallback : current;
        };
    }
}
