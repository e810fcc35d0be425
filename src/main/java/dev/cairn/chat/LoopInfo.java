package dev.cairn.chat;

import java.util.List;

/** The {@code loop} variable of one for-loop iteration. */
record LoopInfo(List<Object> items, int index0) {

    Object attribute(String name) {
        int length = items.size();
        return switch (name) {
            case "index" -> index0 + 1L;
            case "index0" -> (long) index0;
            case "revindex" -> (long) (length - index0);
            case "revindex0" -> (long) (length - index0 - 1);
            case "first" -> index0 == 0;
            case "last" -> index0 == length - 1;
            case "length" -> (long) length;
            case "depth" -> 1L;
            case "depth0" -> 0L;
            case "previtem" -> index0 > 0 ? items.get(index0 - 1) : new Undefined("there is no previous item");
            case "nextitem" -> index0 < length - 1 ? items.get(index0 + 1) : new Undefined("there is no next item");
            case "cycle" -> (JinjaFunction) args -> {
                if (args.positional().isEmpty()) {
                    throw new TemplateError("loop.cycle() needs at least one value");
                }
                return args.positional().get(index0 % args.positional().size());
            };
            default -> new Undefined("'loop' has no attribute '" + name + "'");
        };
    }
}
