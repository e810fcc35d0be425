package dev.cairn.chat;

import dev.cairn.chat.Token.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A recursive-descent parser for the Jinja2 that chat templates use, following Jinja2's own grammar function
 * by function (operator precedence, filters binding to the unary operand, {@code is} tests, slices with
 * steps, keyword arguments taking whole expressions), so that templates parse the way Python parses them.
 * Tags that read other files ({@code include}, {@code import}, {@code extends}) are refused: a chat template
 * must be self-contained.
 */
final class Parser {

    /** Deeper nesting than this is refused, so that a hostile template cannot overflow the stack. */
    private static final int MAX_NESTING = 100;
    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", "<=", ">", ">=");
    private static final Set<String> MULTIPLICATIVE = Set.of("*", "/", "//", "%");
    private static final Set<String> FILE_TAGS = Set.of("include", "import", "from", "extends");

    private final List<Token> tokens;
    private int index;
    private int loopDepth;
    private int nesting;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static List<Node> parse(String source) {
        return new Parser(Lexer.tokenize(source)).body(Set.of());
    }

    /** Nodes up to a block tag named in {@code endTags}, leaving that tag's name as the next token. */
    private List<Node> body(Set<String> endTags) {
        enter();
        List<Node> nodes = new ArrayList<>();
        while (true) {
            Token token = next();
            switch (token.kind()) {
                case TEXT -> nodes.add(new Node.Text(token.line(), token.value()));
                case VARIABLE_BEGIN -> {
                    Expr expr = tuple(true);
                    expect(Kind.VARIABLE_END);
                    nodes.add(new Node.Output(token.line(), expr));
                }
                case BLOCK_BEGIN -> {
                    if (peek().kind() == Kind.NAME && endTags.contains(peek().value())) {
                        nesting--;
                        return nodes;
                    }
                    nodes.add(statement());
                }
                case EOF -> {
                    if (!endTags.isEmpty()) {
                        throw error(token, "unexpected end of template, expected " + String.join(" or ", endTags.stream()
                                .sorted().map(t -> "'" + t + "'").toList()));
                    }
                    nesting--;
                    return nodes;
                }
                default -> throw unexpected(token);
            }
        }
    }

    private Node statement() {
        Token keyword = peek();
        if (keyword.kind() != Kind.NAME) {
            throw error(keyword, "expected a tag name, got " + keyword.describe());
        }
        next();
        String tag = keyword.value();
        if (FILE_TAGS.contains(tag)) {
            throw error(keyword, "'" + tag + "' is not allowed: a chat template cannot load other files");
        }
        return switch (tag) {
            case "for" -> forLoop(keyword.line());
            case "if" -> ifBlock(keyword.line());
            case "set" -> assignment(keyword.line());
            case "macro" -> macro(keyword.line());
            case "break", "continue" -> {
                if (loopDepth == 0) {
                    throw error(keyword, "'" + tag + "' outside a for loop");
                }
                expect(Kind.BLOCK_END);
                yield tag.equals("break") ? new Node.Break(keyword.line()) : new Node.Continue(keyword.line());
            }
            case "generation" -> generation(keyword.line());
            default -> throw error(keyword, "unknown tag '" + tag + "'");
        };
    }

    private Node forLoop(int line) {
        List<String> targets = targets();
        expectName("in");
        Expr iterable = tuple(false);
        Expr filter = skipName("if") ? expression(true) : null;
        if (peek().isName("recursive")) {
            throw error(peek(), "recursive loops are not supported");
        }
        expect(Kind.BLOCK_END);
        loopDepth++;
        List<Node> body = body(Set.of("endfor", "else"));
        loopDepth--;
        List<Node> otherwise = List.of();
        if (next().value().equals("else")) {
            expect(Kind.BLOCK_END);
            otherwise = body(Set.of("endfor"));
            next();
        }
        expect(Kind.BLOCK_END);
        return new Node.For(line, targets, iterable, filter, body, otherwise);
    }

    private List<String> targets() {
        boolean parenthesised = skipOperator("(");
        List<String> names = new ArrayList<>(List.of(expect(Kind.NAME).value()));
        while (skipOperator(",")) {
            if (peek().kind() != Kind.NAME || peek().isName("in")) {
                break;
            }
            names.add(expect(Kind.NAME).value());
        }
        if (parenthesised) {
            expectOperator(")");
        }
        return names;
    }

    private Node ifBlock(int line) {
        List<Node.Branch> branches = new ArrayList<>();
        Expr condition = tuple(false);
        expect(Kind.BLOCK_END);
        while (true) {
            branches.add(new Node.Branch(condition, body(Set.of("elif", "else", "endif"))));
            String tag = next().value();
            if (tag.equals("elif")) {
                condition = tuple(false);
                expect(Kind.BLOCK_END);
                continue;
            }
            List<Node> otherwise = List.of();
            if (tag.equals("else")) {
                expect(Kind.BLOCK_END);
                otherwise = body(Set.of("endif"));
                next();
            }
            expect(Kind.BLOCK_END);
            return new Node.If(line, branches, otherwise);
        }
    }

    private Node assignment(int line) {
        Token first = expect(Kind.NAME);
        if (skipOperator(".")) {
            String attribute = expect(Kind.NAME).value();
            expectOperator("=");
            Expr value = tuple(true);
            expect(Kind.BLOCK_END);
            return new Node.AssignAttribute(line, first.value(), attribute, value);
        }
        List<String> names = new ArrayList<>(List.of(first.value()));
        while (skipOperator(",")) {
            names.add(expect(Kind.NAME).value());
        }
        if (skipOperator("=")) {
            Expr value = tuple(true);
            expect(Kind.BLOCK_END);
            return new Node.Assign(line, names, value);
        }
        if (names.size() > 1) {
            throw unexpected(peek());
        }
        expect(Kind.BLOCK_END);
        List<Node> body = body(Set.of("endset"));
        next();
        expect(Kind.BLOCK_END);
        return new Node.AssignBlock(line, first.value(), body);
    }

    private Node macro(int line) {
        String name = expect(Kind.NAME).value();
        expectOperator("(");
        List<String> params = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        while (!skipOperator(")")) {
            if (!params.isEmpty()) {
                expectOperator(",");
            }
            Token param = expect(Kind.NAME);
            Expr fallback = skipOperator("=") ? expression(true) : null;
            if (fallback == null && defaults.stream().anyMatch(d -> d != null)) {
                throw error(param, "non-default argument '" + param.value() + "' follows default argument");
            }
            params.add(param.value());
            defaults.add(fallback);
        }
        expect(Kind.BLOCK_END);
        int outerLoops = loopDepth;
        loopDepth = 0;
        List<Node> body = body(Set.of("endmacro"));
        loopDepth = outerLoops;
        next();
        expect(Kind.BLOCK_END);
        return new Node.Macro(line, name, params, defaults, body);
    }

    /** Hugging Face's {@code generation} tag only marks assistant text for training masks; it renders its body. */
    private Node generation(int line) {
        expect(Kind.BLOCK_END);
        List<Node> body = body(Set.of("endgeneration"));
        next();
        expect(Kind.BLOCK_END);
        return new Node.If(line, List.of(new Node.Branch(new Expr.Literal(line, true), body)), List.of());
    }

    /** Jinja's parse_tuple: an expression, or a bare tuple {@code a, b}. */
    private Expr tuple(boolean withCondition) {
        int line = peek().line();
        Expr first = withCondition ? expression(true) : or();
        if (!peek().isOperator(",")) {
            return first;
        }
        List<Expr> items = new ArrayList<>(List.of(first));
        while (skipOperator(",")) {
            Kind next = peek().kind();
            if (next == Kind.VARIABLE_END || next == Kind.BLOCK_END || peek().isOperator(")")) {
                break;
            }
            items.add(withCondition ? expression(true) : or());
        }
        return new Expr.ListLiteral(line, items, true);
    }

    private Expr expression(boolean withCondition) {
        enter();
        int line = peek().line();
        Expr expr = or();
        while (withCondition && skipName("if")) {
            Expr condition = or();
            Expr otherwise = skipName("else") ? expression(true) : null;
            expr = new Expr.Conditional(line, condition, expr, otherwise);
        }
        nesting--;
        return expr;
    }

    private Expr or() {
        Expr left = and();
        while (peek().isName("or")) {
            int line = next().line();
            left = new Expr.Logical(line, false, left, and());
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (peek().isName("and")) {
            int line = next().line();
            left = new Expr.Logical(line, true, left, not());
        }
        return left;
    }

    private Expr not() {
        if (peek().isName("not")) {
            int line = next().line();
            enter();
            Expr operand = not();
            nesting--;
            return new Expr.Not(line, operand);
        }
        return compare();
    }

    private Expr compare() {
        int line = peek().line();
        Expr first = math1();
        List<String> operators = new ArrayList<>();
        List<Expr> operands = new ArrayList<>();
        while (true) {
            Token token = peek();
            if (token.kind() == Kind.OPERATOR && COMPARISONS.contains(token.value())) {
                next();
                operators.add(token.value());
            } else if (token.isName("in")) {
                next();
                operators.add("in");
            } else if (token.isName("not") && peek(1).isName("in")) {
                index += 2;
                operators.add("not in");
            } else {
                break;
            }
            operands.add(math1());
        }
        return operators.isEmpty() ? first : new Expr.Compare(line, first, operators, operands);
    }

    private Expr math1() {
        Expr left = concat();
        while (peek().isOperator("+") || peek().isOperator("-")) {
            Token operator = next();
            left = new Expr.Binary(operator.line(), operator.value(), left, concat());
        }
        return left;
    }

    private Expr concat() {
        int line = peek().line();
        List<Expr> parts = new ArrayList<>(List.of(math2()));
        while (skipOperator("~")) {
            parts.add(math2());
        }
        return parts.size() == 1 ? parts.getFirst() : new Expr.Concat(line, parts);
    }

    private Expr math2() {
        Expr left = pow();
        while (peek().kind() == Kind.OPERATOR && MULTIPLICATIVE.contains(peek().value())) {
            Token operator = next();
            left = new Expr.Binary(operator.line(), operator.value(), left, pow());
        }
        return left;
    }

    private Expr pow() {
        Expr left = unary(true);
        while (peek().isOperator("**")) {
            Token operator = next();
            left = new Expr.Binary(operator.line(), "**", left, unary(true));
        }
        return left;
    }

    /** Jinja's parse_unary: a sign binds tighter than filters, so {@code -x | abs} is {@code abs(-x)}. */
    private Expr unary(boolean withFilters) {
        enter();
        Token token = peek();
        Expr expr;
        if (token.isOperator("-") || token.isOperator("+")) {
            next();
            expr = new Expr.Unary(token.line(), token.value(), unary(false));
        } else {
            expr = primary();
        }
        expr = postfix(expr);
        if (withFilters) {
            expr = filters(expr);
        }
        nesting--;
        return expr;
    }

    private Expr primary() {
        Token token = next();
        return switch (token.kind()) {
            case NAME -> switch (token.value()) {
                case "true", "True" -> new Expr.Literal(token.line(), true);
                case "false", "False" -> new Expr.Literal(token.line(), false);
                case "none", "None" -> new Expr.Literal(token.line(), null);
                default -> new Expr.Name(token.line(), token.value());
            };
            case STRING -> {
                StringBuilder text = new StringBuilder(token.value());
                while (peek().kind() == Kind.STRING) {
                    text.append(next().value());
                }
                yield new Expr.Literal(token.line(), text.toString());
            }
            case NUMBER -> new Expr.Literal(token.line(), token.literal());
            case OPERATOR -> switch (token.value()) {
                case "(" -> parenthesised(token.line());
                case "[" -> new Expr.ListLiteral(token.line(), sequence("]"), false);
                case "{" -> dict(token.line());
                default -> throw unexpected(token);
            };
            default -> throw unexpected(token);
        };
    }

    private Expr parenthesised(int line) {
        if (skipOperator(")")) {
            return new Expr.ListLiteral(line, List.of(), true);
        }
        Expr expr = tuple(true);
        expectOperator(")");
        return expr;
    }

    private List<Expr> sequence(String close) {
        List<Expr> items = new ArrayList<>();
        while (!skipOperator(close)) {
            if (!items.isEmpty()) {
                expectOperator(",");
                if (skipOperator(close)) {
                    break;
                }
            }
            items.add(expression(true));
        }
        return items;
    }

    private Expr dict(int line) {
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (!skipOperator("}")) {
            if (!keys.isEmpty()) {
                expectOperator(",");
                if (skipOperator("}")) {
                    break;
                }
            }
            keys.add(expression(true));
            expectOperator(":");
            values.add(expression(true));
        }
        return new Expr.DictLiteral(line, keys, values);
    }

    private Expr postfix(Expr expr) {
        while (true) {
            Token token = peek();
            if (token.isOperator(".")) {
                next();
                Token attribute = next();
                if (attribute.kind() == Kind.NAME) {
                    expr = new Expr.Attribute(token.line(), expr, attribute.value());
                } else if (attribute.kind() == Kind.NUMBER && attribute.literal() instanceof Long) {
                    expr = new Expr.Item(token.line(), expr, new Expr.Literal(token.line(), attribute.literal()));
                } else {
                    throw error(attribute, "expected a name or number after '.', got " + attribute.describe());
                }
            } else if (token.isOperator("[")) {
                next();
                expr = subscript(token.line(), expr);
            } else if (token.isOperator("(")) {
                expr = call(expr);
            } else {
                return expr;
            }
        }
    }

    /** After {@code [}: an index, a tuple of indices, or a slice with optional start, stop and step. */
    private Expr subscript(int line, Expr target) {
        List<Expr> keys = new ArrayList<>();
        Expr slice = null;
        while (!skipOperator("]")) {
            if (!keys.isEmpty() || slice != null) {
                expectOperator(",");
            }
            Expr start = peek().isOperator(":") ? null : expression(true);
            if (!skipOperator(":")) {
                keys.add(start);
                continue;
            }
            Expr stop = peek().isOperator(":") || peek().isOperator("]") || peek().isOperator(",") ? null : expression(true);
            Expr step = null;
            if (skipOperator(":") && !peek().isOperator("]") && !peek().isOperator(",")) {
                step = expression(true);
            }
            slice = new Expr.Slice(line, target, start, stop, step);
        }
        if (slice != null) {
            if (!keys.isEmpty()) {
                throw error(peek(), "a slice cannot be combined with other indices");
            }
            return slice;
        }
        if (keys.isEmpty()) {
            throw error(peek(), "expected an index between '[' and ']'");
        }
        return new Expr.Item(line, target, keys.size() == 1 ? keys.getFirst() : new Expr.ListLiteral(line, keys, true));
    }

    private Expr filters(Expr expr) {
        while (true) {
            Token token = peek();
            if (token.isOperator("|")) {
                next();
                Token name = expect(Kind.NAME);
                if (!Filters.NAMES.contains(name.value())) {
                    throw error(name, "no filter named '" + name.value() + "'");
                }
                Arguments args = peek().isOperator("(") ? arguments() : Arguments.NONE;
                expr = new Expr.Filter(name.line(), expr, name.value(), args.positional(), args.keyword());
            } else if (token.isName("is")) {
                next();
                expr = test(token.line(), expr);
            } else if (token.isOperator("(")) {
                expr = call(expr);
            } else {
                return expr;
            }
        }
    }

    /** After {@code is}: {@code [not] name}, with arguments in parentheses or one bare argument. */
    private Expr test(int line, Expr target) {
        boolean negated = skipName("not");
        Token name = expect(Kind.NAME);
        if (!Tests.NAMES.contains(name.value())) {
            throw error(name, "no test named '" + name.value() + "'");
        }
        Arguments args = Arguments.NONE;
        Token next = peek();
        if (next.isOperator("(")) {
            args = arguments();
        } else if ((next.kind() == Kind.NAME || next.kind() == Kind.STRING || next.kind() == Kind.NUMBER
                || next.isOperator("[") || next.isOperator("{"))
                && !next.isName("else") && !next.isName("or") && !next.isName("and")) {
            if (next.isName("is")) {
                throw error(next, "tests cannot be chained with 'is'");
            }
            args = new Arguments(List.of(postfix(primary())), Map.of());
        }
        Expr test = new Expr.Test(line, target, name.value(), args.positional(), args.keyword());
        return negated ? new Expr.Not(line, test) : test;
    }

    private Expr call(Expr callee) {
        int line = peek().line();
        Arguments args = arguments();
        return new Expr.Call(line, callee, args.positional(), args.keyword());
    }

    private record Arguments(List<Expr> positional, Map<String, Expr> keyword) {
        static final Arguments NONE = new Arguments(List.of(), Map.of());
    }

    /** {@code (a, b, key=value)}; a keyword's value is a whole expression, filters and arithmetic included. */
    private Arguments arguments() {
        expectOperator("(");
        List<Expr> positional = new ArrayList<>();
        Map<String, Expr> keyword = new LinkedHashMap<>();
        while (!skipOperator(")")) {
            if (!positional.isEmpty() || !keyword.isEmpty()) {
                expectOperator(",");
                if (skipOperator(")")) {
                    break;
                }
            }
            if (peek().isOperator("*") || peek().isOperator("**")) {
                throw error(peek(), "*args and **kwargs are not supported");
            }
            if (peek().kind() == Kind.NAME && peek(1).isOperator("=")) {
                Token key = next();
                next();
                if (keyword.put(key.value(), expression(true)) != null) {
                    throw error(key, "keyword argument repeated: " + key.value());
                }
            } else {
                if (!keyword.isEmpty()) {
                    throw error(peek(), "positional argument follows keyword argument");
                }
                positional.add(expression(true));
            }
        }
        return new Arguments(positional, keyword);
    }

    private void enter() {
        if (++nesting > MAX_NESTING) {
            throw error(peek(), "the template nests deeper than " + MAX_NESTING + " levels");
        }
    }

    private Token peek() {
        return peek(0);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token token = peek();
        if (index < tokens.size() - 1) {
            index++;
        }
        return token;
    }

    private Token expect(Kind kind) {
        Token token = peek();
        if (token.kind() != kind) {
            throw error(token, "expected " + Token.describe(kind) + ", got " + token.describe());
        }
        return next();
    }

    private void expectOperator(String operator) {
        if (!skipOperator(operator)) {
            throw error(peek(), "expected '" + operator + "', got " + peek().describe());
        }
    }

    private void expectName(String name) {
        if (!skipName(name)) {
            throw error(peek(), "expected '" + name + "', got " + peek().describe());
        }
    }

    private boolean skipOperator(String operator) {
        if (peek().isOperator(operator)) {
            next();
            return true;
        }
        return false;
    }

    private boolean skipName(String name) {
        if (peek().isName(name)) {
            next();
            return true;
        }
        return false;
    }

    private static TemplateError unexpected(Token token) {
        return error(token, "unexpected " + token.describe());
    }

    private static TemplateError error(Token token, String message) {
        return new TemplateError("syntax error: " + message).at(token.line());
    }
}
