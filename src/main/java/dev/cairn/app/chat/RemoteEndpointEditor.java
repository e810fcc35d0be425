package dev.cairn.app.chat;

import dev.cairn.app.core.RemoteSettings;
import dev.cairn.app.core.SettingsStore;
import dev.cairn.server.client.Endpoint;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The connection to an OpenAI-compatible server the chat may answer with: whether it is used, its base
 * URL, API key and model. Every change is saved in the settings (and the chat switches at once); a URL
 * that is not one is named in {@link #problemProperty()} and not used.
 */
public final class RemoteEndpointEditor {

    private final SettingsStore store;
    private final BooleanProperty enabled = new SimpleBooleanProperty(this, "enabled");
    private final StringProperty baseUrl = new SimpleStringProperty(this, "baseUrl");
    private final StringProperty apiKey = new SimpleStringProperty(this, "apiKey");
    private final StringProperty model = new SimpleStringProperty(this, "model");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");

    RemoteEndpointEditor(SettingsStore store) {
        this.store = store;
        RemoteSettings saved = store.get().remote();
        enabled.set(saved.enabled());
        baseUrl.set(saved.baseUrl());
        apiKey.set(saved.apiKey());
        model.set(saved.model());
        endpoint();
        enabled.addListener(o -> save());
        baseUrl.addListener(o -> save());
        apiKey.addListener(o -> save());
        model.addListener(o -> save());
    }

    private void save() {
        store.settingsProperty().set(store.get().withRemote(new RemoteSettings(enabled.get(), baseUrl.get(), apiKey.get(),
                model.get())));
    }

    /** The endpoint the fields describe, or null (with the reason in {@link #problemProperty()}) when the URL is not one. */
    Endpoint endpoint() {
        try {
            Endpoint endpoint = new Endpoint(Endpoint.parseUrl(baseUrl.get()), apiKey.get(), model.get());
            problem.set("");
            return endpoint;
        } catch (IllegalArgumentException e) {
            problem.set(e.getMessage());
            return null;
        }
    }

    public BooleanProperty enabledProperty() {
        return enabled;
    }

    public StringProperty baseUrlProperty() {
        return baseUrl;
    }

    public StringProperty apiKeyProperty() {
        return apiKey;
    }

    public StringProperty modelProperty() {
        return model;
    }

    /** Why the fields do not make an endpoint, or empty. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}
