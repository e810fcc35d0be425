package dev.cairn.download;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One file to download to {@code target}.
 *
 * @param sha256     the hash the user gave ({@code --sha256}); it outranks the one the server publishes
 * @param contextCap the context the header's memory plan is made for, at most
 */
public record DownloadRequest(RemoteFile file, Path target, Optional<String> sha256, int contextCap) {

    public DownloadRequest {
        target = target.toAbsolutePath().normalize();
        sha256 = sha256.map(Sha256::normalize);
    }
}
