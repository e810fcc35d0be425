package dev.cairn.app.models;

import dev.cairn.app.core.JsonFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The models the user loaded, most recent first, and the choices made for each; kept in {@code models.json}. */
public final class ModelLibrary {

    static final int RECENT_LIMIT = 10;

    /** The file's content. */
    public record Stored(List<String> recent, Map<String, ModelChoices> choices) {
        public Stored {
            recent = recent == null ? List.of() : List.copyOf(recent);
            choices = choices == null ? Map.of() : Map.copyOf(choices);
        }
    }

    private final Path file;
    private Stored stored;

    public ModelLibrary(Path file) {
        this.file = file;
        this.stored = JsonFiles.read(file, Stored.class).orElseGet(() -> new Stored(List.of(), Map.of()));
    }

    public synchronized List<Path> recent() {
        return stored.recent().stream().map(Path::of).toList();
    }

    public synchronized Optional<ModelChoices> choicesFor(Path model) {
        return Optional.ofNullable(stored.choices().get(key(model)));
    }

    /** Remembers {@code choices} for {@code model} and puts it first among the recent models. */
    public synchronized void remember(Path model, ModelChoices choices) {
        String key = key(model);
        List<String> recent = new ArrayList<>(stored.recent());
        recent.remove(key);
        recent.addFirst(key);
        Map<String, ModelChoices> all = new LinkedHashMap<>(stored.choices());
        all.put(key, choices);
        stored = new Stored(recent.subList(0, Math.min(RECENT_LIMIT, recent.size())), all);
        JsonFiles.write(file, stored);
    }

    private static String key(Path model) {
        return model.toAbsolutePath().normalize().toString();
    }
}
