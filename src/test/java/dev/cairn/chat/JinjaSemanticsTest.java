package dev.cairn.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The interpreter against Jinja2 itself: every expected string below is what Python's jinja2 3.1 renders
 * for the template with Hugging Face's settings (sandboxed environment, trim_blocks, lstrip_blocks, loop
 * controls, HF's tojson, strftime_now at 2026-07-26), for two messages, bos {@code <s>} and eos
 * {@code </s>}; the failing templates fail in Jinja2 too.
 */
class JinjaSemanticsTest {

    private static final ChatRequest REQUEST = new ChatRequest(
            List.of(new ChatMessage("user", "hi"), new ChatMessage("assistant", "yo")), false, "<s>", "</s>",
            LocalDate.of(2026, 7, 26).atStartOfDay());

    record Case(String name, String template, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("whitespace: trim_blocks and lstrip_blocks",
                        "  {% if true %}\n  a\n  {% endif %}\n  b {{ 'c' }}  \n{# c #}\nd",
                        "  a\n  b c  \nd"),
                new Case("whitespace: minus strips across newlines",
                        "a  {%- if true %} b {% endif -%}  c",
                        "a b c"),
                new Case("whitespace: plus disables lstrip",
                        "a\n  {%+ if true %}b{% endif %}\n",
                        "a\n  b"),
                new Case("whitespace: plus disables trim_blocks",
                        "a\n  {% if true +%}\nb{% endif %}\nc",
                        "a\n\nbc"),
                new Case("whitespace: expressions keep their newline",
                        "{% for m in messages %}\n  {{ m.role }}\n{% endfor %}\n",
                        "  user\n  assistant\n"),
                new Case("whitespace: comments strip like blocks",
                        "{#- c -#}\n\n  a  {#- d #}\n",
                        "a"),
                new Case("whitespace: one trailing newline dropped",
                        "{{ 'x' }}\n\n",
                        "x\n"),
                new Case("whitespace: CRLF normalised",
                        "a\r\nb{% if true %}\r\nc{% endif %}\r\n",
                        "a\nbc"),
                new Case("raw block",
                        "a\n  {% raw %}\n  {{ x }}\n  {% endraw %}\nb",
                        "a\n\n  {{ x }}\nb"),
                new Case("loop scope is fresh each iteration",
                        "{% set x = 1 %}{% for i in range(3) %}{{ x }}{% set x = x + 1 %}{% endfor %}{{ x }}",
                        "1111"),
                new Case("if shares its scope",
                        "{% set x = 5 %}{% if true %}{% set x = 6 %}{% endif %}{{ x }}",
                        "6"),
                new Case("namespace carries state out of loops",
                        "{% set ns = namespace(a=1) %}{% for i in range(3) %}{% set ns.a = ns.a + i %}{% endfor %}{{ ns.a }}",
                        "4"),
                new Case("break and continue",
                        "{%- for i in range(5) -%}{% if i == 1 %}{% continue %}{% endif %}{% if i == 3 %}{% break %}{% endif %}{{ i }}{%- endfor %}",
                        "02"),
                new Case("break leaves only the inner loop",
                        "{% for i in range(3) %}{% for j in range(3) %}{% if j == 1 %}{% break %}{% endif %}{{ i }}{{ j }}{% endfor %}{{ loop.index }}{% endfor %}",
                        "001102203"),
                new Case("loop filter and loop variables",
                        "{% for i in range(10) if i is even %}{{ i }}{{ loop.index }}{{ loop.last }}{% else %}none{% endfor %}",
                        "01False22False43False64False85True"),
                new Case("loop previtem, nextitem, cycle",
                        "{% for i in range(3) %}{{ loop.previtem }}-{{ loop.nextitem }}|{{ loop.cycle('a','b') }}{% endfor %}",
                        "-1|a0-2|b1-|a"),
                new Case("for else",
                        "{% for x in [] %}a{% else %}empty{% endfor %}",
                        "empty"),
                new Case("tuple unpacking over items()",
                        "{% for k, v in {'b': 1, 'a': 2}.items() %}{{ k }}={{ v }};{% endfor %}",
                        "b=1;a=2;"),
                new Case("macros with defaults, keywords and recursion",
                        "{% macro f(a, b='x') %}[{{ a }}{{ b }}]{% endmacro %}{{ f(1) }}{{ f(1, b=2) }}{{ f() }}{% macro r(n) %}{% if n > 0 %}{{ n }}{{ r(n - 1) }}{% endif %}{% endmacro %}{{ r(3) }}",
                        "[1x][12][x]321"),
                new Case("set block",
                        "{% set x %}block {{ 1 + 1 }}{% endset %}[{{ x }}]",
                        "[block 2]"),
                new Case("how values print",
                        "{{ [1, 'a', none, true, 1.5, {'k': 'v'}] }}|{{ none }}|{{ true }}|{{ (1,) }}|{{ (1, 2) }}|{{ {'a': 1}.items()|list }}",
                        "[1, 'a', None, True, 1.5, {'k': 'v'}]|None|True|(1,)|(1, 2)|[('a', 1)]"),
                new Case("string repr escapes",
                        "{{ [1, [2, 'it\\'s']] }}{{ \"x'y\\\"z\" }}|{{ ['\\n\\t\\x01é'] }}",
                        "[1, [2, \"it's\"]]x'y\"z|['\\n\\t\\x01é']"),
                new Case("floats print as Python does",
                        "{{ 1e16 }} {{ 1e-5 }} {{ 0.1 + 0.2 }} {{ 3.0 }} {{ 10 / 4 }} {{ -0.0 }} {{ 100000000000000000.0 }} {{ 0.0001 }}",
                        "1e+16 1e-05 0.30000000000000004 3.0 2.5 -0.0 1e+17 0.0001"),
                new Case("integer arithmetic floors",
                        "{{ 7 // 2 }} {{ -7 // 2 }} {{ -7 % 3 }} {{ 2 ** 3 ** 2 }} {{ 7 // 2.0 }} {{ -7.5 % 2 }} {{ 2 ** -1 }}",
                        "3 -4 2 64 3.0 0.5 0.5"),
                new Case("operator precedence",
                        "{{ not true == false }}{{ -2 ** 2 }}{{ 2 * 3 + 4 }}{{ 'a' ~ 2 * 3 }}{{ 'a' if false else 'b' if false else 'c' }}",
                        "True410a6c"),
                new Case("and/or return operands",
                        "{{ true and 'x' }}{{ 0 or '' or 'z' }}{{ none and 1 }}",
                        "xzNone"),
                new Case("comparisons chain",
                        "{{ 1 == 1 == 1 }}{{ 1 < 2 > 0 }}{{ 'abc' < 'abd' }}{{ [1, 2] < [1, 3] }}{{ 1 == 1.0 }}{{ true == 1 }}{{ (1, 2) == [1, 2] }}",
                        "TrueTrueTrueTrueTrueTrueFalse"),
                new Case("membership",
                        "{{ 'a' in 'cat' }}{{ 'k' in {'k': 1} }}{{ 2 in [1, 2] }}{{ 'z' not in 'abc' }}{{ 'citations' in controls }}",
                        "TrueTrueTrueTrueFalse"),
                new Case("slices with steps",
                        "{{ messages[::-1]|map(attribute='role')|join(',') }}{{ [1, 2, 3][::2] }}{{ [1, 2, 3][-2:] }}{{ 'hello'[1:-1] }}{{ [1, 2, 3][5:] }}{{ 'abc'[::-1] }}{{ 'abc'[-1] }}",
                        "assistant,user[1, 3][2, 3]ell[]cbac"),
                new Case("code points, not UTF-16 units",
                        "{{ 'unicode é ✓ \ud83d\ude00'[::-1] }}{{ '\ud83d\ude00x'[1] }}{{ '\ud83d\ude00x'|length }}",
                        "\ud83d\ude00 ✓ é edocinux2"),
                new Case("string escapes",
                        "{{ '\\x41\\u00e9\\n\\t\\q\\101\\N{BULLET}' }}",
                        "Aé\n\t\\qA•"),
                new Case("string methods",
                        "{{ '  a b  '.strip() }}|{{ 'a,b,,c'.split(',') }}|{{ ' a  b '.split() }}|{{ 'xxaxx'.lstrip('x') }}|{{ 'a b c '.split(none, 1) }}|{{ 'abc'.startswith(('x', 'a')) }}|{{ 'ab'.replace('', '-') }}|{{ '-'.join(['a', 'b']) }}|{{ 'hi there'.capitalize() }}",
                        "a b|['a', 'b', '', 'c']|['a', 'b']|axx|['a', 'b c ']|True|-a-b-|a-b|Hi there"),
                new Case("dict methods",
                        "{{ {'a': 1}.keys()|list }}{{ {'a': 1}.values()|list }}{{ {'a': 1}.get('b', 5) }}{{ {'a': 1}.get('a') }}",
                        "['a'][1]51"),
                new Case("attribute and item lookups fall back",
                        "{{ messages[0].role }}{{ messages.0.role }}{{ messages[5] is defined }}{{ none.foo }}|{{ ''.__class__ }}|{{ messages[0].nope is defined }}",
                        "useruserFalse||False"),
                new Case("undefined prints as nothing",
                        "{{ x }}|{{ x is defined }}|{{ x|length }}|{{ x|default('d') }}{{ ''|default('e', true) }}{{ none|default('n') }}",
                        "|False|0|deNone"),
                new Case("tojson like Python json.dumps",
                        "{{ {'a': [1, 'é\"<'], 'b': none, 'c': 1.0, 'd': true} | tojson }}|{{ {'a': [1, {}], 'b': []} | tojson(indent=2) }}",
                        "{\"a\": [1, \"é\\\"<\"], \"b\": null, \"c\": 1.0, \"d\": true}|{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": []\n}"),
                new Case("tojson options and escapes",
                        "{{ {'b': 1, 'a': 2}|tojson(sort_keys=true) }}{{ 'ü'|tojson(true) }}{{ {'a': 1}|tojson(separators=[',', ':']) }}{{ 'a\\nb\\u2028\\x7f\\x01'|tojson }}{{ [1, 2]|tojson(indent=0) }}",
                        "{\"a\": 2, \"b\": 1}\"\\u00fc\"{\"a\":1}\"a\\nb\u2028\u007f\\u0001\"[\n1,\n2\n]"),
                new Case("select, reject, map",
                        "{{ [1, 2, 3, 4]|select('odd')|list }}{{ [1, none, 0]|select|list }}{{ [1, 2]|reject('in', [1])|list }}{{ ['a', 'b']|map('upper')|join }}{{ messages|selectattr('role', 'equalto', 'user')|list }}{{ messages|rejectattr('role', 'eq', 'user')|map(attribute='content')|first }}",
                        "[1, 3][1][2]AB[{'role': 'user', 'content': 'hi'}]yo"),
                new Case("conversion filters",
                        "{{ 3.7|int }}{{ '  12 '|int }}{{ 'abc'|int(5) }}{{ '1_000'|int }}{{ true|int }}{{ '42.5'|int }}{{ '1e3'|float }}{{ 'x'|float }}{{ 2|float }}{{ 5|string + 'x' }}",
                        "312510001421000.00.02.05x"),
                new Case("string filters",
                        "{{ '  hi  '|trim }}{{ 'xxhixx'|trim('x') }}{{ none|trim }}{{ 'a-b'|replace('-', '+') }}{{ 'aaa'|replace('a', 'b', 2) }}{{ 'Hello'|reverse }}{{ 'hello world'|capitalize }}{{ 'MiX'|lower }}{{ 'MiX'|upper }}",
                        "hihiNonea+bbbaolleHHello worldmixMIX"),
                new Case("sequence filters",
                        "{{ [3, 1, 2]|first }}{{ 'xyz'|first }}{{ []|first }}{{ 'ab'|last }}{{ [1, 2]|reverse|list }}{{ {'k': 1}|list }}{{ 'ab'|list }}{{ messages|length }}{{ {'b': 1}|items|list }}{{ x|items|list }}{{ -1|abs }}",
                        "3xb[2, 1]['k']['a', 'b']2[('b', 1)][]1"),
                new Case("tests",
                        "{{ 'x' is string }}{{ 1 is number }}{{ true is number }}{{ true is integer }}{{ x is iterable }}{{ 1 is iterable }}{{ none is none }}{{ {} is mapping }}{{ range is callable }}{{ 'ab' is lower }}{{ 4 is divisibleby(2) }}{{ 3 is odd }}{{ true is sameas true }}{{ 1 is sameas true }}{{ 3 is gt 2 }}{{ 2 is in [2] }}{{ x is not defined }}",
                        "TrueTrueTrueFalseTrueFalseTrueTrueTrueTrueTrueTrueTrueFalseTrueTrueTrue"),
                new Case("globals",
                        "{{ range(2, 10, 3)|list }}{{ dict(a=1, b='x') }}{% set ns = namespace() %}{% set ns.x = 5 %}{{ ns.x }}{{ ns['x'] }}",
                        "[2, 5, 8]{'a': 1, 'b': 'x'}55"),
                new Case("strftime_now",
                        "{{ strftime_now('%d %b %Y %B %A %a %H:%M:%S %j %y %-d %e|%p %I %%') }}",
                        "26 Jul 2026 July Sunday Sun 00:00:00 207 26 26 26|AM 12 %"),
                new Case("adjacent strings concatenate",
                        "{{ 'a' 'b' \"c\" }}",
                        "abc"),
                new Case("dicts in expressions",
                        "{{ {'a': {'b': 1}}}}{% set d = {'a': {'b': [1, {'c': 2}]}} %}{{ d.a.b[1].c }}",
                        "{'a': {'b': 1}}2"),
                new Case("keyword arguments take whole expressions",
                        "{% set ns = namespace(last=messages|length - 1, flag=not false) %}{{ ns.last }}{{ ns.flag }}",
                        "1True"),
                new Case("the render variables",
                        "{{ bos_token }}{{ messages|length }}{{ add_generation_prompt }}{{ eos_token }}",
                        "<s>2False</s>")
);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersAsJinja2Does(Case c) {
        assertEquals(c.expected(), render(c.template()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
            {{ x.y }}                                  => line 1: 'x' is undefined
            {{ messages[0].nope.deeper }}              => 'dict object' has no attribute 'nope'
            {{ 'a' + 1 }}                              => unsupported operand type(s) for +: 'str' and 'int'
            {{ 1 / 0 }}                                => division by zero
            {% for x in 5 %}{% endfor %}               => 'int' object is not iterable
            {% for a, b in [[1, 2, 3]] %}{% endfor %}  => too many values to unpack (expected 2)
            {% if %}{% endif %}                        => syntax error: unexpected '%}'
            {% for x in y %}                           => expected 'else' or 'endfor'
            {% endif %}                                => unknown tag 'endif'
            {{ x | nosuch }}                           => no filter named 'nosuch'
            {% if x is nosuch %}{% endif %}            => no test named 'nosuch'
            {% break %}                                => 'break' outside a for loop
            {{ 'abc'.startswith(1) }}                  => startswith() argument must be str, not int
            {{ 'a'.split('') }}                        => empty separator
            {{ range(1, 2, 0) }}                       => must not be zero
            {{ {'a': x}|tojson }}                      => Object of type Undefined is not JSON serializable
            {{ 'x' }                                   => syntax error: unexpected '}'
            {{ 'x'                                     => the tag is not closed with '}}'
            {{ 'x }}                                   => unterminated string
            """)
    void failsAsJinja2Does(String template, String message) {
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> render(template));
        assertTrue(e.getMessage().startsWith("test.jinja, line "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void errorsNameTheirLine() {
        ChatTemplateException runtime = assertThrows(ChatTemplateException.class,
                () -> render("a\n{% if true %}\n{{ x.y }}{% endif %}"));
        assertEquals(3, runtime.line(), runtime.getMessage());
        ChatTemplateException syntax = assertThrows(ChatTemplateException.class, () -> render("a\n\n{% for %}"));
        assertEquals(3, syntax.line(), syntax.getMessage());
        assertEquals("test.jinja, line 3: syntax error: expected a name, got '%}'", syntax.getMessage());
    }

    private static String render(String template) {
        return ChatTemplate.parse("test.jinja", template).render(REQUEST);
    }
}
