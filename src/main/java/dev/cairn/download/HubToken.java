package dev.cairn.download;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * Where the access token for gated and private repositories comes from: {@code HF_TOKEN} in the
 * environment (as Hugging Face's own tools read it), else the file {@code hub-token} in the data folder,
 * which only its owner may read.
 */
public final class HubToken {

    public static final String FILE_NAME = "hub-token";
    public static final String ENVIRONMENT = "HF_TOKEN";

    private HubToken() {
    }

    public static Optional<AccessToken> find(Map<String, String> environment, Path dataRoot) throws IOException {
        String fromEnvironment = environment.get(ENVIRONMENT);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(new AccessToken(fromEnvironment));
        }
        return saved(dataRoot);
    }

    public static Optional<AccessToken> saved(Path dataRoot) throws IOException {
        Path file = dataRoot.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(new AccessToken(text));
    }

    /** Saves {@code token}, readable by its owner only; an empty token removes the saved one. */
    public static void save(Path dataRoot, Optional<AccessToken> token) throws IOException {
        Path file = dataRoot.resolve(FILE_NAME);
        if (token.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        Files.createDirectories(dataRoot);
        Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
        Files.deleteIfExists(temporary);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(temporary, token.get().secret(), StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
