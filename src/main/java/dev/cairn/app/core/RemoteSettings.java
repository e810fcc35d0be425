package dev.cairn.app.core;

/**
 * The OpenAI-compatible server the chat may answer with instead of the loaded model.
 *
 * @param enabled whether the chat uses it
 * @param baseUrl e.g. {@code http://127.0.0.1:8080/v1}
 * @param apiKey  sent as a bearer token; empty for none (kept in settings.json as it is)
 * @param model   the model to ask for
 */
public record RemoteSettings(boolean enabled, String baseUrl, String apiKey, String model) {

    public RemoteSettings {
        baseUrl = baseUrl == null ? "" : baseUrl;
        apiKey = apiKey == null ? "" : apiKey;
        model = model == null ? "" : model;
    }

    public static RemoteSettings none() {
        return new RemoteSettings(false, "http://127.0.0.1:8080/v1", "", "");
    }
}
