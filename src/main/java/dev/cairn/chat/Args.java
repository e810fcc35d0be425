package dev.cairn.chat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The arguments of one call, bound to parameter names the way Python binds them. */
record Args(String function, List<Object> positional, Map<String, Object> keyword) {

    static final Object MISSING = new Object();

    /** Rejects more positional arguments than {@code names}, and keywords not among them. */
    Args expect(String... names) {
        if (positional.size() > names.length) {
            throw new TemplateError(function + "() takes at most " + names.length + " argument"
                    + (names.length == 1 ? "" : "s") + " (" + positional.size() + " given)");
        }
        List<String> known = Arrays.asList(names);
        for (String key : keyword.keySet()) {
            if (!known.contains(key)) {
                throw new TemplateError(function + "() got an unexpected keyword argument '" + key + "'");
            }
        }
        return this;
    }

    /** The argument at {@code index} or named {@code name}, else {@code fallback} (which may be {@link #MISSING}). */
    Object get(int index, String name, Object fallback) {
        if (index < positional.size()) {
            if (keyword.containsKey(name)) {
                throw new TemplateError(function + "() got multiple values for argument '" + name + "'");
            }
            return positional.get(index);
        }
        return keyword.containsKey(name) ? keyword.get(name) : fallback;
    }

    Object require(int index, String name) {
        Object value = get(index, name, MISSING);
        if (value == MISSING) {
            throw new TemplateError(function + "() missing required argument '" + name + "'");
        }
        return value;
    }

    /** The positional arguments from {@code from} on, for variadic functions such as {@code select}. */
    List<Object> rest(int from) {
        return from >= positional.size() ? List.of() : positional.subList(from, positional.size());
    }
}
