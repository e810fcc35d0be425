package dev.cairn.download;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** URLs as the hub's API builds them, and as messages show them. */
final class Urls {

    private Urls() {
    }

    /** Scheme, host, port and path: no user name or password, no query (signed CDN links carry long keys there). */
    static String display(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** A path segment or query value, percent-encoded ({@code %20} for a space). */
    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A repository file's path with each segment encoded and its slashes kept. */
    static String encodePath(String path) {
        return List.of(path.split("/")).stream().map(Urls::encode).collect(Collectors.joining("/"));
    }

    /** The last segment of the URL's path, decoded. */
    static String fileName(URI uri) {
        String path = uri.getRawPath();
        return URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
    }

    /** A network failure in a few words ("Connection refused", "closed"). */
    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
