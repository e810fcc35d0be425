package dev.cairn.chat;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Templates come from downloaded files: whatever one tries (Java reflection, reading files, endless loops,
 * huge output, deep recursion), the render ends quickly in a {@link ChatTemplateException} naming it.
 */
class ChatTemplateSandboxTest {

    private static final ChatRequest REQUEST = new ChatRequest(List.of(new ChatMessage("user", "hi")), true, "", "",
            LocalDate.of(2026, 7, 26).atStartOfDay());
    /** Every test must end well within this, limits included; a hang fails instead of stalling the build. */
    private static final Duration BOUND = Duration.ofSeconds(30);

    @ParameterizedTest
    @ValueSource(strings = {
        "{{ ''.getClass() }}",
        "{{ ''.getClass().forName('java.lang.Runtime') }}",
        "{{ messages.getClass().getClassLoader() }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ range.__globals__['os'] }}",
        "{{ namespace.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ messages[0].role.toUpperCase() }}",
        "{{ bos_token.getBytes() }}",
    })
    void templatesCannotReachJavaOrPython(String template) {
        ChatTemplateException e = fails(template);
        assertTrue(e.getMessage().matches("evil\\.jinja, line 1: .*(has no attribute|is undefined).*"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{% include '/etc/passwd' %}",
        "{% import 'macros.jinja' as m %}",
        "{% from 'macros.jinja' import f %}",
        "{% extends 'base.jinja' %}",
    })
    void templatesCannotReadFiles(String template) {
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> ChatTemplate.parse("evil.jinja", template));
        assertTrue(e.getMessage().contains("is not allowed: a chat template cannot load other files"), e.getMessage());
    }

    @Test
    void anEndlessLoopStopsAtTheStepLimit() {
        // Bound by steps alone: no time limit that a loaded machine could reach first.
        RenderLimits steps = new RenderLimits(1_000_000, 100_000, Duration.ofDays(1), 100);
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> ChatTemplate.parse("evil.jinja",
                "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}").render(REQUEST, steps));
        assertTrue(e.getMessage().contains("ran more than 100000 steps"), e.getMessage());
    }

    @Test
    void aSlowTemplateStopsAtTheTimeLimit() {
        RenderLimits limits = new RenderLimits(1_000_000, Long.MAX_VALUE, Duration.ofMillis(200), 100);
        ChatTemplateException e = assertTimeoutPreemptively(BOUND, () -> assertThrows(ChatTemplateException.class,
                () -> ChatTemplate.parse("evil.jinja", "{% for i in range(100000) %}{% for j in range(100000) %}"
                        + "{% endfor %}{% endfor %}").render(REQUEST, limits)));
        assertTrue(e.getMessage().contains("took longer than 200 ms"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}",
        "{{ 'x' * 10000000000 }}",
        "{{ [0] * 100000000 }}",
        "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
        "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        "{% set s = 'x' * 600000 %}{{ [s, s]|join }}",
        "{% set s = 'x' * 600000 %}{{ [s, s]|tojson }}",
    })
    void hugeValuesStopAtTheSizeLimit(String template) {
        ChatTemplateException e = fails(template);
        assertTrue(e.getMessage().contains("over the limit of " + RenderLimits.DEFAULT.maxChars()), e.getMessage());
    }

    @Test
    void hugeRangesAreRefused() {
        assertTrue(fails("{{ range(1000000000)|length }}").getMessage().contains("range too big"));
    }

    @Test
    void endlessRecursionStopsAtTheCallDepth() {
        ChatTemplateException e = fails("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}");
        assertTrue(e.getMessage().contains("macro calls nested deeper than " + RenderLimits.DEFAULT.maxCallDepth()),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void deepNestingIsASyntaxErrorNotAStackOverflow(int kind) {
        String template = switch (kind) {
            case 1 -> "{{ " + "(".repeat(20_000) + "1" + ")".repeat(20_000) + " }}";
            case 2 -> "{{ " + "not ".repeat(20_000) + "x }}";
            default -> "{% if true %}".repeat(20_000);
        };
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> ChatTemplate.parse("evil.jinja", template));
        assertTrue(e.getMessage().contains("nests deeper than"), e.getMessage());
    }

    /** Python's integers are unbounded; ours are 64-bit, and going past that is an error rather than a wrap. */
    @Test
    void integersPast64BitsAreAnErrorNotAWrap() {
        assertTrue(fails("{{ 9223372036854775807 + 1 }}").getMessage().contains("integer overflow in '+'"));
        assertTrue(fails("{{ 2 ** 64 }}").getMessage().contains("integer overflow in '**'"));
    }

    private static ChatTemplateException fails(String template) {
        return assertTimeoutPreemptively(BOUND, () -> assertThrows(ChatTemplateException.class,
                () -> ChatTemplate.parse("evil.jinja", template).render(REQUEST)));
    }
}
