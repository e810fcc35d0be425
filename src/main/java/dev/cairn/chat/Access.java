package dev.cairn.chat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Attribute, item and slice access with Jinja's sandboxed rules: {@code x.name} tries the Python attribute
 * (a string or dict method, a namespace field, a loop property) and then the item, {@code x[key]} the other
 * way round, and anything missing is {@link Undefined}. There is no other way to reach an attribute, so a
 * template can never touch a Java method.
 */
final class Access {

    private Access() {
    }

    static Object attribute(Object target, String name) {
        return switch (target) {
            case Undefined u -> throw u.error();
            case String s -> {
                JinjaFunction method = PyStrings.method(s, name);
                yield method != null ? method : missing(target, name);
            }
            case Map<?, ?> map -> {
                JinjaFunction method = dictMethod(map, name);
                if (method != null) {
                    yield method;
                }
                yield map.containsKey(name) ? map.get(name) : missing(target, name);
            }
            case Namespace ns -> ns.attributes.containsKey(name) ? ns.attributes.get(name) : missing(target, name);
            case LoopInfo loop -> loop.attribute(name);
            case null, default -> missing(target, name);
        };
    }

    static Object item(Object target, Object key) {
        switch (target) {
            case Undefined u -> throw u.error();
            case List<?> list when Values.isInteger(key) -> {
                long index = Values.asLong(key);
                long i = index < 0 ? index + list.size() : index;
                return i >= 0 && i < list.size() ? list.get((int) i) : missingItem(target, key);
            }
            case String s when Values.isInteger(key) -> {
                int[] cps = PyStrings.codePoints(s);
                long index = Values.asLong(key);
                long i = index < 0 ? index + cps.length : index;
                return i >= 0 && i < cps.length ? Character.toString(cps[(int) i]) : missingItem(target, key);
            }
            case Map<?, ?> map when map.containsKey(key) -> {
                return map.get(key);
            }
            case null, default -> {
            }
        }
        return key instanceof String name ? attribute(target, name) : missingItem(target, key);
    }

    /** Python's {@code target[start:stop:step]} on lists and strings; anything else is undefined. */
    static Object slice(Object target, Object start, Object stop, Object step) {
        Values.defined(target);
        long by = step == null ? 1 : Values.asLong(step);
        if (by == 0) {
            throw new TemplateError("slice step cannot be zero");
        }
        List<Object> items;
        if (target instanceof String s) {
            items = new ArrayList<>();
            for (int cp : PyStrings.codePoints(s)) {
                items.add(Character.toString(cp));
            }
        } else if (target instanceof List<?> list) {
            items = new ArrayList<>(list);
        } else {
            return new Undefined("'" + Values.typeName(target) + " object' cannot be sliced");
        }
        int n = items.size();
        long from = bound(start, by > 0 ? 0 : n - 1, n, by);
        long to = bound(stop, by > 0 ? n : -1, n, by);
        List<Object> out = new ArrayList<>();
        for (long i = from; by > 0 ? i < to : i > to; i += by) {
            out.add(items.get((int) i));
        }
        if (target instanceof String) {
            return String.join("", out.stream().map(String.class::cast).toList());
        }
        return target instanceof Tuple ? new Tuple(out) : out;
    }

    /** Python's slice.indices for one end: negatives count from the end, then clamp to the valid range. */
    private static long bound(Object value, long fallback, int n, long step) {
        if (value == null) {
            return fallback;
        }
        long i = Values.asLong(value);
        long lower = step > 0 ? 0 : -1;
        long upper = step > 0 ? n : n - 1;
        if (i < 0) {
            return Math.max(i + n, lower);
        }
        return Math.min(i, upper);
    }

    private static JinjaFunction dictMethod(Map<?, ?> map, String name) {
        return switch (name) {
            case "items" -> args -> {
                args.expect();
                List<Object> pairs = new ArrayList<>();
                map.forEach((k, v) -> pairs.add(new Tuple(Arrays.asList(k, v))));
                return pairs;
            };
            case "keys" -> args -> new ArrayList<Object>(map.keySet());
            case "values" -> args -> new ArrayList<Object>(map.values());
            case "get" -> args -> {
                args.expect("key", "default");
                Object key = args.require(0, "key");
                return map.containsKey(key) ? map.get(key) : args.get(1, "default", null);
            };
            default -> null;
        };
    }

    private static Undefined missing(Object target, String name) {
        return new Undefined("'" + Values.typeName(target) + " object' has no attribute '" + name + "'");
    }

    private static Undefined missingItem(Object target, Object key) {
        return new Undefined("'" + Values.typeName(target) + " object' has no element " + Values.repr(key));
    }
}
