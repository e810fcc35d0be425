package dev.cairn.download;

import java.net.URI;
import java.util.Optional;

/**
 * One file to fetch: where it is, its size and SHA-256 when the listing gave them.
 *
 * @param repository the Hub repository it belongs to, if any
 * @param name       the file's path in its repository, or the URL's file name
 * @param size       bytes, or -1 when unknown until the server answers
 * @param sha256     lower-case hex, when published
 */
public record RemoteFile(Optional<String> repository, String name, URI url, long size, Optional<String> sha256) {

    public RemoteFile {
        sha256 = sha256.map(Sha256::normalize);
    }

    /** How messages name it: {@code owner/name/file.gguf}, or the URL's file name. */
    public String describe() {
        return repository.map(r -> r + "/" + name).orElse(name);
    }

    /** The name without folders. */
    public String fileName() {
        return name.substring(name.lastIndexOf('/') + 1);
    }
}
