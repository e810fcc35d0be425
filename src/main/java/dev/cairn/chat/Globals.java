package dev.cairn.chat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions every chat template may call: Jinja's {@code range}, {@code namespace} and {@code dict},
 * and Hugging Face's {@code raise_exception} and {@code strftime_now}.
 */
final class Globals {

    /** Jinja's sandbox refuses longer ranges; so do we, with the same bound. */
    static final int MAX_RANGE = 100_000;

    private Globals() {
    }

    /** A scope holding the globals, with {@code strftime_now} reporting {@code now}. */
    static Scope scope(LocalDateTime now) {
        Scope globals = new Scope(null);
        globals.set("range", (JinjaFunction) Globals::range);
        globals.set("namespace", (JinjaFunction) args -> {
            Namespace namespace = new Namespace();
            namespace.attributes.putAll(mapping(args));
            return namespace;
        });
        globals.set("dict", (JinjaFunction) Globals::mapping);
        globals.set("raise_exception", (JinjaFunction) args -> {
            // Hugging Face raises jinja2's TemplateError; the same words make errors comparable with Python's.
            throw new TemplateError("TemplateError: " + Values.str(args.expect("message").require(0, "message")));
        });
        globals.set("strftime_now", (JinjaFunction) args ->
                Strftime.format(now, Values.str(args.expect("format").require(0, "format"))));
        return globals;
    }

    private static List<Object> range(Args args) {
        if (!args.keyword().isEmpty() || args.positional().isEmpty() || args.positional().size() > 3) {
            throw new TemplateError("range() takes 1 to 3 positional arguments");
        }
        List<Object> p = args.positional();
        long start = p.size() == 1 ? 0 : Values.asLong(p.get(0));
        long stop = Values.asLong(p.get(p.size() == 1 ? 0 : 1));
        long step = p.size() == 3 ? Values.asLong(p.get(2)) : 1;
        if (step == 0) {
            throw new TemplateError("range() arg 3 must not be zero");
        }
        double count = Math.max(0, Math.ceil(((double) stop - start) / step));
        if (count > MAX_RANGE) {
            throw new TemplateError("range too big: the sandbox allows at most " + MAX_RANGE + " items");
        }
        List<Object> out = new ArrayList<>((int) count);
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            out.add(i);
        }
        return out;
    }

    /** {@code dict(mapping, **kwargs)}, which {@code namespace(...)} takes too. */
    private static Map<Object, Object> mapping(Args args) {
        if (args.positional().size() > 1) {
            throw new TemplateError(args.function() + "() takes at most 1 positional argument");
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        if (!args.positional().isEmpty()) {
            if (!(args.positional().getFirst() instanceof Map<?, ?> initial)) {
                throw new TemplateError(args.function() + "() argument must be a mapping");
            }
            out.putAll(initial);
        }
        out.putAll(args.keyword());
        return out;
    }
}
