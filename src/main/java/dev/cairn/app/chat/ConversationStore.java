package dev.cairn.app.chat;

import dev.cairn.app.core.BackgroundWrites;
import dev.cairn.app.core.JsonFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Conversations as one JSON file each ({@code <id>.json}) in the data folder's {@code conversations}. */
public final class ConversationStore {

    private final Path folder;
    private final BackgroundWrites writes;

    public ConversationStore(Path folder, BackgroundWrites writes) {
        this.folder = folder;
        this.writes = writes;
    }

    /** Every saved conversation, most recently changed first. */
    public List<Conversation> list() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .map(f -> JsonFiles.read(f, Conversation.class))
                    .flatMap(Optional::stream)
                    .sorted(Comparator.comparingLong(Conversation::updatedMillis).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** Saves {@code conversation} in the background (see {@link BackgroundWrites}). */
    public void save(Conversation conversation) {
        writes.write(file(conversation.id()), conversation);
    }

    public void delete(String id) {
        writes.delete(file(id));
    }

    private Path file(String id) {
        if (!id.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("not a conversation id: " + id);
        }
        return folder.resolve(id + ".json");
    }
}
