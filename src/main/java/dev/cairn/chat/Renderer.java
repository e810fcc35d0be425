package dev.cairn.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks a parsed template and writes its output, with Jinja2's scoping: a loop iteration and a macro call
 * each get a fresh scope (so {@code set} inside them does not leak out, and only a {@link Namespace} carries
 * state across iterations), while {@code if} shares its enclosing scope.
 */
final class Renderer {

    /** What a statement list asks of the loop around it. */
    private enum Flow { NEXT, BREAK, CONTINUE }

    private final Budget budget;
    private int callDepth;

    Renderer(Budget budget) {
        this.budget = budget;
    }

    String render(List<Node> body, Scope scope) {
        StringBuilder out = new StringBuilder();
        run(body, scope, out);
        return out.toString();
    }

    private Flow run(List<Node> nodes, Scope scope, StringBuilder out) {
        for (Node node : nodes) {
            Flow flow = run(node, scope, out);
            if (flow != Flow.NEXT) {
                return flow;
            }
        }
        return Flow.NEXT;
    }

    private Flow run(Node node, Scope scope, StringBuilder out) {
        budget.step();
        try {
            switch (node) {
                case Node.Text text -> append(out, text.text());
                case Node.Output output -> append(out, Values.str(eval(output.expr(), scope)));
                case Node.If branch -> {
                    for (Node.Branch b : branch.branches()) {
                        if (Values.truthy(eval(b.condition(), scope))) {
                            return run(b.body(), scope, out);
                        }
                    }
                    return run(branch.otherwise(), scope, out);
                }
                case Node.For loop -> {
                    return loop(loop, scope, out);
                }
                case Node.Assign assign -> bind(assign.targets(), eval(assign.value(), scope), scope);
                case Node.AssignAttribute assign -> {
                    if (!(scope.lookup(assign.namespace()) instanceof Namespace namespace)) {
                        throw new TemplateError("cannot set attribute '" + assign.attribute() + "': '"
                                + assign.namespace() + "' is not a namespace");
                    }
                    namespace.attributes.put(assign.attribute(), eval(assign.value(), scope));
                }
                case Node.AssignBlock assign -> {
                    StringBuilder captured = new StringBuilder();
                    Flow flow = run(assign.body(), scope, captured);
                    scope.set(assign.name(), captured.toString());
                    return flow;
                }
                case Node.Macro macro -> scope.set(macro.name(), macro(macro, scope));
                case Node.Break b -> {
                    return Flow.BREAK;
                }
                case Node.Continue c -> {
                    return Flow.CONTINUE;
                }
            }
            return Flow.NEXT;
        } catch (TemplateError e) {
            throw e.at(node.line());
        }
    }

    private Flow loop(Node.For loop, Scope scope, StringBuilder out) {
        List<Object> items = Values.iterate(eval(loop.iterable(), scope));
        if (loop.filter() != null) {
            List<Object> kept = new ArrayList<>();
            for (Object item : items) {
                budget.step();
                Scope probe = new Scope(scope);
                bind(loop.targets(), item, probe);
                if (Values.truthy(eval(loop.filter(), probe))) {
                    kept.add(item);
                }
            }
            items = kept;
        }
        if (items.isEmpty()) {
            return run(loop.otherwise(), scope, out);
        }
        for (int i = 0; i < items.size(); i++) {
            budget.step();
            Scope iteration = new Scope(scope);
            bind(loop.targets(), items.get(i), iteration);
            iteration.set("loop", new LoopInfo(items, i));
            if (run(loop.body(), iteration, out) == Flow.BREAK) {
                break;
            }
        }
        return Flow.NEXT;
    }

    /** Assigns one value, or unpacks it over several names as Python does. */
    private static void bind(List<String> targets, Object value, Scope scope) {
        if (targets.size() == 1) {
            scope.set(targets.getFirst(), value);
            return;
        }
        List<Object> parts = Values.iterate(value);
        if (parts.size() != targets.size()) {
            throw new TemplateError(parts.size() > targets.size()
                    ? "too many values to unpack (expected " + targets.size() + ")"
                    : "not enough values to unpack (expected " + targets.size() + ", got " + parts.size() + ")");
        }
        for (int i = 0; i < targets.size(); i++) {
            scope.set(targets.get(i), parts.get(i));
        }
    }

    private JinjaFunction macro(Node.Macro macro, Scope definition) {
        return args -> {
            args.expect(macro.params().toArray(String[]::new));
            Scope local = new Scope(definition);
            for (int i = 0; i < macro.params().size(); i++) {
                String param = macro.params().get(i);
                Object value = args.get(i, param, Args.MISSING);
                if (value == Args.MISSING) {
                    Expr fallback = macro.defaults().get(i);
                    value = fallback == null ? new Undefined("parameter '" + param + "' was not provided") : eval(fallback, local);
                }
                local.set(param, value);
            }
            if (callDepth >= budget.maxCallDepth()) {
                throw new TemplateError("macro calls nested deeper than " + budget.maxCallDepth());
            }
            callDepth++;
            try {
                StringBuilder out = new StringBuilder();
                run(macro.body(), local, out);
                return out.toString();
            } finally {
                callDepth--;
            }
        };
    }

    private Object eval(Expr expr, Scope scope) {
        budget.step();
        try {
            return evaluate(expr, scope);
        } catch (TemplateError e) {
            throw e.at(expr.line());
        }
    }

    private Object evaluate(Expr expr, Scope scope) {
        return switch (expr) {
            case Expr.Literal literal -> literal.value();
            case Expr.Name name -> scope.lookup(name.name());
            case Expr.ListLiteral list -> {
                List<Object> items = new ArrayList<>();
                for (Expr item : list.items()) {
                    items.add(eval(item, scope));
                }
                yield list.tuple() ? new Tuple(items) : items;
            }
            case Expr.DictLiteral dict -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < dict.keys().size(); i++) {
                    map.put(eval(dict.keys().get(i), scope), eval(dict.values().get(i), scope));
                }
                yield map;
            }
            case Expr.Attribute attribute -> Access.attribute(eval(attribute.target(), scope), attribute.name());
            case Expr.Item item -> Access.item(eval(item.target(), scope), eval(item.key(), scope));
            case Expr.Slice slice -> Access.slice(eval(slice.target(), scope), optional(slice.start(), scope),
                    optional(slice.stop(), scope), optional(slice.step(), scope));
            case Expr.Call call -> {
                Object callee = eval(call.callee(), scope);
                Args args = args(describe(call.callee()), call.args(), call.kwargs(), scope);
                yield switch (callee) {
                    case JinjaFunction function -> function.call(args);
                    case Undefined undefined -> throw undefined.error();
                    case null, default -> throw new TemplateError("'" + Values.typeName(callee) + "' object is not callable");
                };
            }
            case Expr.Filter filter -> Filters.apply(filter.name(), eval(filter.target(), scope),
                    args(filter.name(), filter.args(), filter.kwargs(), scope), budget);
            case Expr.Test test -> Tests.apply(test.name(), eval(test.target(), scope),
                    args(test.name(), test.args(), test.kwargs(), scope));
            case Expr.Not not -> !Values.truthy(eval(not.operand(), scope));
            case Expr.Unary unary -> unary.operator().equals("-") ? Operators.negate(eval(unary.operand(), scope))
                    : Operators.plus(eval(unary.operand(), scope));
            case Expr.Logical logical -> {
                Object left = eval(logical.left(), scope);
                yield Values.truthy(left) == logical.and() ? eval(logical.right(), scope) : left;
            }
            case Expr.Binary binary -> Operators.binary(binary.operator(), eval(binary.left(), scope),
                    eval(binary.right(), scope), budget);
            case Expr.Concat concat -> {
                StringBuilder text = new StringBuilder();
                for (Expr part : concat.parts()) {
                    String s = Values.str(eval(part, scope));
                    budget.checkSize((long) text.length() + s.length());
                    text.append(s);
                }
                yield text.toString();
            }
            case Expr.Compare compare -> {
                Object left = eval(compare.first(), scope);
                for (int i = 0; i < compare.operators().size(); i++) {
                    Object right = eval(compare.operands().get(i), scope);
                    if (!(boolean) Operators.compare(compare.operators().get(i), left, right)) {
                        yield false;
                    }
                    left = right;
                }
                yield true;
            }
            case Expr.Conditional conditional -> Values.truthy(eval(conditional.condition(), scope))
                    ? eval(conditional.then(), scope)
                    : conditional.otherwise() == null ? new Undefined("the conditional expression had no else branch")
                    : eval(conditional.otherwise(), scope);
        };
    }

    private Object optional(Expr expr, Scope scope) {
        return expr == null ? null : eval(expr, scope);
    }

    private Args args(String function, List<Expr> positional, Map<String, Expr> keyword, Scope scope) {
        List<Object> values = new ArrayList<>();
        for (Expr arg : positional) {
            values.add(eval(arg, scope));
        }
        Map<String, Object> named = new LinkedHashMap<>();
        keyword.forEach((name, arg) -> named.put(name, eval(arg, scope)));
        return new Args(function, values, named);
    }

    /** The name a call's errors use: {@code strip} for {@code s.strip()}, {@code f} for {@code f()}. */
    private static String describe(Expr callee) {
        return switch (callee) {
            case Expr.Name name -> name.name();
            case Expr.Attribute attribute -> attribute.name();
            default -> "function";
        };
    }

    private void append(StringBuilder out, String text) {
        budget.checkSize((long) out.length() + text.length());
        out.append(text);
    }
}
