package dev.cairn.download;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Optional;

/**
 * An unsuccessful answer told in words. The hub names its errors in {@code X-Error-Code} ({@code GatedRepo},
 * {@code RepoNotFound}, {@code EntryNotFound}, {@code RevisionNotFound}) with a sentence in
 * {@code X-Error-Message} or in the body's {@code {"error": ...}}; it answers 401 both for a missing and
 * for a private or gated repository when no token is sent.
 */
final class HubErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HubErrors() {
    }

    static DownloadException describe(int status, HttpHeaders headers, String body, String what, URI uri, boolean tokenSent) {
        String code = headers.firstValue("X-Error-Code").orElse("");
        String said = headers.firstValue("X-Error-Message").or(() -> errorField(body)).map(s -> " The server says: " + s)
                .orElse("");
        String where = Urls.display(uri);
        if (code.equals("GatedRepo")) {
            String access = tokenSent
                    ? "the access token has no access to it: ask for access on its page while logged in with that account."
                    : "accept its conditions on its page while logged in, then give Cairn an access token (Settings, or HF_TOKEN).";
            return new DownloadException(DownloadException.Kind.ACCESS, what + " is gated (" + status + "): " + access + said);
        }
        if (status == 401) {
            String access = tokenSent ? "the access token was refused: check it in Settings or HF_TOKEN."
                    : "it is private or gated, or does not exist; an access token (Settings, or HF_TOKEN) opens the ones your account may see.";
            return new DownloadException(DownloadException.Kind.ACCESS, what + ": not allowed (401): " + access + said);
        }
        if (status == 403) {
            return new DownloadException(DownloadException.Kind.ACCESS, what + ": forbidden (403, " + where + ")."
                    + (tokenSent ? " The access token does not open it." : "") + said);
        }
        if (status == 404 || status == 410) {
            String missing = switch (code) {
                case "RepoNotFound" -> "no such repository";
                case "EntryNotFound" -> "no such file in the repository";
                case "RevisionNotFound" -> "no such revision";
                default -> "not found";
            };
            return new DownloadException(DownloadException.Kind.NOT_FOUND, what + ": " + missing + " (" + status + ", "
                    + where + ")." + said);
        }
        DownloadException.Kind kind = status == 408 || status == 425 || status == 429 || status >= 500
                ? DownloadException.Kind.NETWORK : DownloadException.Kind.REQUEST;
        return new DownloadException(kind, what + ": the server answered " + status + " (" + where + ")." + said);
    }

    private static Optional<String> errorField(String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            return error.isTextual() ? Optional.of(error.asText()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
