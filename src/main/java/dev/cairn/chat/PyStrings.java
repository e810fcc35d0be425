package dev.cairn.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Python's {@code str} behaviour on Java strings: lengths, indices and slices count code points, whitespace
 * is Python's (wider than Java's), and the methods chat templates call ({@code strip}, {@code split},
 * {@code startswith}, ...) follow CPython exactly, edge cases included.
 */
final class PyStrings {

    private PyStrings() {
    }

    /** Python's {@code str.isspace} for one code point. */
    static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
    }

    static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** The code points of {@code s}, for indexing and slicing the way Python counts. */
    static int[] codePoints(String s) {
        return s.codePoints().toArray();
    }

    /** The bound method {@code s.name}, or null if Python's str has no such method here. */
    static JinjaFunction method(String s, String name) {
        return switch (name) {
            case "strip" -> args -> strip(s, chars(args, "strip"), true, true);
            case "lstrip" -> args -> strip(s, chars(args, "lstrip"), true, false);
            case "rstrip" -> args -> strip(s, chars(args, "rstrip"), false, true);
            case "split" -> args -> {
                args.expect("sep", "maxsplit");
                Object sep = args.get(0, "sep", null);
                return split(s, sep == null ? null : string(sep, "split"), Values.asLong(args.get(1, "maxsplit", -1L)));
            };
            case "startswith" -> args -> affix(s, args.expect("prefix").require(0, "prefix"), true);
            case "endswith" -> args -> affix(s, args.expect("suffix").require(0, "suffix"), false);
            case "replace" -> args -> {
                args.expect("old", "new", "count");
                return replace(s, string(args.require(0, "old"), "replace"), string(args.require(1, "new"), "replace"),
                        Values.asLong(args.get(2, "count", -1L)));
            };
            case "upper" -> args -> upper(s);
            case "lower" -> args -> lower(s);
            case "capitalize" -> args -> capitalize(s);
            case "join" -> args -> join(s, args.expect("iterable").require(0, "iterable"));
            default -> null;
        };
    }

    static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Python 3.8+: the first character in title case, the rest lower case. */
    static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int first = s.codePointAt(0);
        return Character.toString(Character.toTitleCase(first)) + lower(s.substring(Character.charCount(first)));
    }

    /** {@code s.strip(chars)}: {@code chars} null strips Python whitespace. */
    static String strip(String s, String chars, boolean left, boolean right) {
        int[] cps = codePoints(s);
        int start = 0;
        int end = cps.length;
        while (left && start < end && strippable(cps[start], chars)) {
            start++;
        }
        while (right && end > start && strippable(cps[end - 1], chars)) {
            end--;
        }
        return new String(cps, start, end - start);
    }

    private static boolean strippable(int c, String chars) {
        return chars == null ? isSpace(c) : chars.indexOf(Character.toString(c)) >= 0;
    }

    private static String chars(Args args, String method) {
        Object chars = args.expect("chars").get(0, "chars", null);
        return chars == null ? null : string(chars, method);
    }

    /** {@code s.split(sep, maxsplit)}: a null separator splits on runs of whitespace and drops empty parts. */
    static List<Object> split(String s, String sep, long maxSplit) {
        List<Object> parts = new ArrayList<>();
        long limit = maxSplit < 0 ? Long.MAX_VALUE : maxSplit;
        if (sep == null) {
            int[] cps = codePoints(s);
            int i = 0;
            while (true) {
                while (i < cps.length && isSpace(cps[i])) {
                    i++;
                }
                if (i == cps.length) {
                    return parts;
                }
                if (parts.size() == limit) {
                    // Python keeps the remainder as it is, trailing whitespace included.
                    parts.add(new String(cps, i, cps.length - i));
                    return parts;
                }
                int start = i;
                while (i < cps.length && !isSpace(cps[i])) {
                    i++;
                }
                parts.add(new String(cps, start, i - start));
            }
        }
        if (sep.isEmpty()) {
            throw new TemplateError("split(): empty separator");
        }
        int start = 0;
        int found;
        while (parts.size() < limit && (found = s.indexOf(sep, start)) >= 0) {
            parts.add(s.substring(start, found));
            start = found + sep.length();
        }
        parts.add(s.substring(start));
        return parts;
    }

    /** {@code s.replace(old, new, count)}; an empty {@code old} inserts between characters, as Python does. */
    static String replace(String s, String old, String replacement, long count) {
        long limit = count < 0 ? Long.MAX_VALUE : count;
        StringBuilder out = new StringBuilder();
        if (old.isEmpty()) {
            int[] cps = codePoints(s);
            long done = 0;
            for (int i = 0; i <= cps.length; i++) {
                if (done < limit) {
                    out.append(replacement);
                    done++;
                }
                if (i < cps.length) {
                    out.appendCodePoint(cps[i]);
                }
            }
            return out.toString();
        }
        int start = 0;
        int found;
        long done = 0;
        while (done < limit && (found = s.indexOf(old, start)) >= 0) {
            out.append(s, start, found).append(replacement);
            start = found + old.length();
            done++;
        }
        return out.append(s, start, s.length()).toString();
    }

    private static boolean affix(String s, Object affixes, boolean prefix) {
        if (affixes instanceof List<?> options) {
            for (Object option : options) {
                if (affix(s, option, prefix)) {
                    return true;
                }
            }
            return false;
        }
        String affix = string(affixes, prefix ? "startswith" : "endswith");
        return prefix ? s.startsWith(affix) : s.endsWith(affix);
    }

    private static String join(String separator, Object iterable) {
        StringBuilder out = new StringBuilder();
        List<Object> items = Values.iterate(iterable);
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof String item)) {
                throw new TemplateError("sequence item " + i + ": expected str instance, "
                        + Values.typeName(items.get(i)) + " found");
            }
            out.append(i == 0 ? "" : separator).append(item);
        }
        return out.toString();
    }

    private static String string(Object value, String method) {
        if (value instanceof String s) {
            return s;
        }
        throw new TemplateError(method + "() argument must be str, not " + Values.typeName(value));
    }
}
