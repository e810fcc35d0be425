package dev.cairn.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed Jinja chat template ({@code tokenizer.chat_template} of a GGUF, or a template file), rendered
 * the way Hugging Face's {@code apply_chat_template} renders it, byte for byte.
 *
 * <p>Rendering is sandboxed: templates come from downloaded files, so a template sees only plain values
 * (strings, numbers, lists, dicts) and the Jinja globals, never a Java object; it cannot read files
 * ({@code include} and friends are refused at parse time); and each render is bounded in steps, time,
 * output size and macro recursion by {@link RenderLimits}. Every failure is a {@link ChatTemplateException}
 * naming the template.
 */
public final class ChatTemplate {

    private final String name;
    private final List<Node> body;

    private ChatTemplate(String name, List<Node> body) {
        this.name = name;
        this.body = body;
    }

    /**
     * Parses {@code source}; {@code name} identifies the template in error messages (a file name, or
     * {@code chat template of <model>}).
     *
     * @throws ChatTemplateException on a syntax error, a disallowed tag, or nesting too deep
     */
    public static ChatTemplate parse(String name, String source) {
        try {
            return new ChatTemplate(name, Parser.parse(source));
        } catch (TemplateError e) {
            throw e.named(name);
        } catch (StackOverflowError e) {
            throw new ChatTemplateException(name, 0, "the template nests too deeply");
        }
    }

    public String name() {
        return name;
    }

    /** Renders with {@link RenderLimits#DEFAULT}. */
    public String render(ChatRequest request) {
        return render(request, RenderLimits.DEFAULT);
    }

    /**
     * Renders the conversation.
     *
     * @throws ChatTemplateException if the template raises an error, fails, or exceeds {@code limits}
     */
    public String render(ChatRequest request, RenderLimits limits) {
        Scope scope = new Scope(Globals.scope(request.now()));
        List<Object> messages = new ArrayList<>();
        for (ChatMessage message : request.messages()) {
            Map<Object, Object> fields = new LinkedHashMap<>();
            fields.put("role", message.role());
            fields.put("content", message.content());
            messages.add(fields);
        }
        scope.set("messages", messages);
        scope.set("add_generation_prompt", request.addGenerationPrompt());
        scope.set("bos_token", request.bosToken());
        scope.set("eos_token", request.eosToken());
        try {
            return new Renderer(new Budget(limits)).render(body, scope);
        } catch (TemplateError e) {
            throw e.named(name);
        } catch (StackOverflowError e) {
            throw new ChatTemplateException(name, 0, "the template recursed too deeply");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
