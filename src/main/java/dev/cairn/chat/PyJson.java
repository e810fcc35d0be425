package dev.cairn.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps}, which Hugging Face's {@code tojson} filter calls with
 * {@code ensure_ascii=False}: separators {@code ", "} and {@code ": "} (or {@code ","} with an indent),
 * non-ASCII text unescaped, floats as Python prints them. Models are trained on exactly these bytes, so
 * tool schemas must come out the same.
 */
final class PyJson {

    private final String indent;
    private final String itemSeparator;
    private final String keySeparator;
    private final boolean sortKeys;
    private final boolean ensureAscii;
    private final Budget budget;
    private final StringBuilder out = new StringBuilder();

    private PyJson(String indent, String itemSeparator, String keySeparator, boolean sortKeys, boolean ensureAscii,
                   Budget budget) {
        this.indent = indent;
        this.itemSeparator = itemSeparator;
        this.keySeparator = keySeparator;
        this.sortKeys = sortKeys;
        this.ensureAscii = ensureAscii;
        this.budget = budget;
    }

    /** The {@code tojson} filter: {@code tojson(ensure_ascii=False, indent=None, separators=None, sort_keys=False)}. */
    static String filter(Object value, Args args, Budget budget) {
        args.expect("ensure_ascii", "indent", "separators", "sort_keys");
        Object indent = args.get(1, "indent", null);
        String indentText = switch (indent) {
            case null -> null;
            case String s -> s;
            default -> " ".repeat((int) Math.max(0, Math.min(Values.asLong(indent), 64)));
        };
        Object separators = args.get(2, "separators", null);
        String itemSeparator = indentText == null ? ", " : ",";
        String keySeparator = ": ";
        if (separators != null) {
            List<Object> pair = Values.iterate(separators);
            if (pair.size() != 2 || !(pair.get(0) instanceof String item) || !(pair.get(1) instanceof String key)) {
                throw new TemplateError("tojson(): separators must be two strings");
            }
            itemSeparator = item;
            keySeparator = key;
        }
        PyJson json = new PyJson(indentText, itemSeparator, keySeparator, Values.truthy(args.get(3, "sort_keys", false)),
                Values.truthy(args.get(0, "ensure_ascii", false)), budget);
        json.write(value, 0);
        return json.out.toString();
    }

    private void write(Object value, int level) {
        budget.checkSize(out.length());
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b);
            case Long l -> out.append(l);
            case Double d -> out.append(Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity")
                    : Values.pyFloat(d));
            case String s -> string(s);
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    separate(i, level + 1);
                    write(list.get(i), level + 1);
                }
                close(list.isEmpty(), level, ']');
            }
            case Map<?, ?> map -> {
                out.append('{');
                List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
                if (sortKeys) {
                    entries.sort((a, b) -> Values.compare(a.getKey(), b.getKey(), "<"));
                }
                for (int i = 0; i < entries.size(); i++) {
                    separate(i, level + 1);
                    string(key(entries.get(i).getKey()));
                    out.append(keySeparator);
                    write(entries.get(i).getValue(), level + 1);
                }
                close(entries.isEmpty(), level, '}');
            }
            default -> throw new TemplateError("Object of type " + Values.typeName(value) + " is not JSON serializable");
        }
    }

    private void separate(int index, int level) {
        if (index > 0) {
            out.append(itemSeparator);
        }
        if (indent != null) {
            out.append('\n').append(indent.repeat(level));
        }
    }

    private void close(boolean empty, int level, char bracket) {
        if (indent != null && !empty) {
            out.append('\n').append(indent.repeat(level));
        }
        out.append(bracket);
    }

    private static String key(Object key) {
        return switch (key) {
            case String s -> s;
            case null -> "null";
            case Boolean b -> b.toString();
            case Long l -> l.toString();
            case Double d -> Values.pyFloat(d);
            default -> throw new TemplateError("keys must be str, int, float, bool or None, not " + Values.typeName(key));
        };
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || ensureAscii && c > 0x7E) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
