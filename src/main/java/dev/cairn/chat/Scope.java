package dev.cairn.chat;

import java.util.HashMap;
import java.util.Map;

/** Variables of one frame (the template, a loop iteration, a macro call), falling back to the enclosing frame. */
final class Scope {

    private final Scope parent;
    private final Map<String, Object> variables = new HashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    Object lookup(String name) {
        for (Scope scope = this; scope != null; scope = scope.parent) {
            if (scope.variables.containsKey(name)) {
                return scope.variables.get(name);
            }
        }
        return new Undefined("'" + name + "' is undefined");
    }

    void set(String name, Object value) {
        variables.put(name, value);
    }
}
