package dev.cairn.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The chat formats Cairn ships its own templates for, used when a model file carries no template. */
enum KnownFormat {
    CHATML("ChatML", "fallback-chatml.jinja"),
    LLAMA3("Llama 3", "fallback-llama3.jinja"),
    LLAMA2("Llama 2 [INST]", "fallback-llama2.jinja"),
    ZEPHYR("Zephyr", "fallback-zephyr.jinja");

    private final String label;
    private final String resource;

    KnownFormat(String label, String resource) {
        this.label = label;
        this.resource = resource;
    }

    String label() {
        return label;
    }

    ChatTemplate template() {
        try (InputStream in = KnownFormat.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return ChatTemplate.parse("built-in " + label + " template", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
