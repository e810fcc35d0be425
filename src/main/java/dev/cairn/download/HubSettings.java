package dev.cairn.download;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where models come from and where they go, kept in {@code downloads.json} in the data folder (the app's
 * Settings write it; the command line reads it). Blank values mean the defaults: the hub named by
 * {@code HF_ENDPOINT}, else {@value #DEFAULT_HUB}; models in {@code <data folder>/models}.
 *
 * @param hubUrl       base URL of the Hugging Face Hub or a mirror of its API
 * @param modelsFolder where downloads land, each in {@code <owner>/<repository>/}
 */
public record HubSettings(String hubUrl, String modelsFolder) {

    public static final String DEFAULT_HUB = "https://huggingface.co";
    public static final String FILE_NAME = "downloads.json";

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public HubSettings {
        hubUrl = hubUrl == null ? "" : hubUrl.strip();
        modelsFolder = modelsFolder == null ? "" : modelsFolder.strip();
    }

    public static HubSettings defaults() {
        return new HubSettings("", "");
    }

    public static Path file(Path dataRoot) {
        return dataRoot.resolve(FILE_NAME);
    }

    /** The settings saved in {@code dataRoot}, or the defaults. */
    public static HubSettings read(Path dataRoot) {
        Path file = file(dataRoot);
        if (!Files.isRegularFile(file)) {
            return defaults();
        }
        try {
            return JSON.readValue(file.toFile(), HubSettings.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The hub to use: this setting, else {@code HF_ENDPOINT} from {@code environment}, else huggingface.co. */
    public URI hub(Map<String, String> environment) {
        String endpoint = environment.getOrDefault("HF_ENDPOINT", "");
        return parseHub(!hubUrl.isEmpty() ? hubUrl : endpoint.isBlank() ? DEFAULT_HUB : endpoint);
    }

    /** Where downloads land: this setting, else {@code <dataRoot>/models}. */
    public Path modelsRoot(Path dataRoot) {
        return modelsFolder.isEmpty() ? dataRoot.resolve("models") : Path.of(modelsFolder);
    }

    /** An http(s) URL without a trailing slash. */
    public static URI parseHub(String text) {
        String trimmed = text.strip().replaceAll("/+$", "");
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a hub URL: '" + text + "'");
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("the hub URL must be http:// or https://, not '" + text + "'");
        }
        return uri;
    }
}
