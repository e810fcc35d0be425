package dev.cairn.server.client;

import java.net.URI;
import java.util.Objects;

/**
 * An OpenAI-compatible server to chat with: its base URL (usually ending in {@code /v1}), the API key it
 * wants (or none) and the model to ask for.
 */
public record Endpoint(URI baseUrl, String apiKey, String model) {

    public Endpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("the base URL must be an http or https URL like http://127.0.0.1:8080/v1, was "
                    + baseUrl);
        }
        String path = baseUrl.toString();
        baseUrl = URI.create(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        model = model == null ? "" : model.strip();
    }

    /** {@code text} as a base URL, with a message saying what is wrong with it if it is not one. */
    public static URI parseUrl(String text) {
        try {
            return URI.create(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the base URL is not a URL: " + text, e);
        }
    }

    URI resolve(String path) {
        return URI.create(baseUrl + path);
    }
}
