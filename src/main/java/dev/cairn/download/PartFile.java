package dev.cairn.download;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A download under way: the bytes so far in {@code <file>.part}, and beside it {@code <file>.part.json}
 * saying where they come from, so that a restarted app or command carries on where it stopped. The part's
 * length is how much has arrived.
 */
final class PartFile {

    static final String SUFFIX = ".part";
    static final String STATE_SUFFIX = ".part.json";
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * @param url       where the bytes come from
     * @param size      the whole file's bytes, -1 when unknown
     * @param sha256    the hash the file must have, when known
     * @param validator the server's {@code ETag} (or {@code Last-Modified}) for {@code If-Range}
     */
    record State(String url, long size, String sha256, String validator) {
    }

    private final Path target;

    PartFile(Path target) {
        this.target = target;
    }

    Path target() {
        return target;
    }

    Path path() {
        return target.resolveSibling(target.getFileName() + SUFFIX);
    }

    Path statePath() {
        return target.resolveSibling(target.getFileName() + STATE_SUFFIX);
    }

    /** The target of a part or state file, or empty for other files. */
    static Optional<Path> targetOf(Path file) {
        String name = file.getFileName().toString();
        for (String suffix : new String[] {STATE_SUFFIX, SUFFIX}) {
            if (name.endsWith(suffix)) {
                return Optional.of(file.resolveSibling(name.substring(0, name.length() - suffix.length())));
            }
        }
        return Optional.empty();
    }

    long length() throws IOException {
        return Files.isRegularFile(path()) ? Files.size(path()) : 0;
    }

    Optional<State> state() {
        try {
            return Files.isRegularFile(statePath()) ? Optional.of(JSON.readValue(statePath().toFile(), State.class))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // a state file cut short by a crash: the part starts over
        }
    }

    void save(State state) throws IOException {
        Path temporary = statePath().resolveSibling(statePath().getFileName() + ".tmp");
        JSON.writeValue(temporary.toFile(), state);
        Files.move(temporary, statePath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Keeps nothing of this download. */
    void delete() throws IOException {
        Files.deleteIfExists(path());
        Files.deleteIfExists(statePath());
    }

    /** The part becomes the file. */
    void complete() throws IOException {
        Files.move(path(), target, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(statePath());
    }
}
