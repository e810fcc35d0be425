package dev.cairn.download;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.IntPredicate;

/**
 * The HTTP side of downloads and of the Hub's API, on the JDK's {@link HttpClient}: the system's proxies,
 * redirects followed here (not by the client) so that the access token goes to the hub's own host and
 * never to the CDN a file redirects to, the file's SHA-256 and size picked up from the hub's redirect
 * ({@code X-Linked-Etag}, {@code X-Linked-Size}), and the hub's errors told in words.
 */
final class HubHttp implements AutoCloseable {

    static final int MAX_REDIRECTS = 10;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    /** How long a request may wait for its answer's headers. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A final answer and what the hub said on the way there. */
    record Exchange<T>(HttpResponse<T> response, Optional<String> linkedSha256, OptionalLong linkedSize) {
    }

    private final HttpClient client;
    private final URI hub;
    private final Optional<AccessToken> token;

    HubHttp(URI hub, Optional<AccessToken> token, ProxySelector proxies) {
        this.hub = hub;
        this.token = token;
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(CONNECT_TIMEOUT)
                .proxy(proxies).build();
    }

    URI hub() {
        return hub;
    }

    boolean hasToken() {
        return token.isPresent();
    }

    /** GETs a JSON document from the hub's API. */
    JsonNode json(URI uri, String what) throws DownloadException {
        Exchange<InputStream> answer = send(uri, Map.of("Accept", "application/json"), status -> status == 200, what,
                new StopSignal());
        try (InputStream body = answer.response().body()) {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new DownloadException(DownloadException.Kind.NETWORK, what + ": the hub's answer could not be read ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * Sends a GET with {@code headers} to {@code uri}, following redirects. Answers whose status
     * {@code accepted} takes are returned with their body unread; any other is a {@link DownloadException}.
     */
    Exchange<InputStream> send(URI uri, Map<String, String> headers, IntPredicate accepted, String what, StopSignal stop)
            throws DownloadException {
        URI at = uri;
        Optional<String> linkedSha256 = Optional.empty();
        OptionalLong linkedSize = OptionalLong.empty();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<InputStream> response = await(request(at, headers), at, what, stop);
            HttpHeaders answer = response.headers();
            linkedSha256 = linkedSha256.or(() -> answer.firstValue("X-Linked-Etag").flatMap(Sha256::parse));
            if (linkedSize.isEmpty()) {
                linkedSize = answer.firstValueAsLong("X-Linked-Size");
            }
            Optional<String> location = answer.firstValue("Location");
            if (response.statusCode() / 100 == 3 && location.isPresent()) {
                discard(response);
                at = at.resolve(location.get());
                continue;
            }
            if (accepted.test(response.statusCode())) {
                return new Exchange<>(response, linkedSha256, linkedSize);
            }
            throw HubErrors.describe(response.statusCode(), answer, errorText(response), what, at, token.isPresent());
        }
        throw new DownloadException(DownloadException.Kind.REQUEST, what + ": more than " + MAX_REDIRECTS + " redirects");
    }

    /** The request for one hop; the token only where it is the hub's own host that asks. */
    private HttpRequest request(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(ANSWER_TIMEOUT).GET();
        headers.forEach(request::header);
        if (token.isPresent() && sameOrigin(uri, hub)) {
            request.header("Authorization", token.get().authorization());
        }
        return request.build();
    }

    private HttpResponse<InputStream> await(HttpRequest request, URI uri, String what, StopSignal stop)
            throws DownloadException {
        CompletableFuture<HttpResponse<InputStream>> answer = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        stop.track(answer);
        try {
            return answer.get();
        } catch (CancellationException e) {
            throw stopped(what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            throw stopped(what);
        } catch (ExecutionException e) {
            if (stop.stopped()) {
                throw stopped(what);
            }
            Throwable cause = Objects.requireNonNullElse(e.getCause(), e);
            throw new DownloadException(DownloadException.Kind.NETWORK, what + ": cannot reach " + Urls.display(uri)
                    + " (" + Urls.describe(cause) + ")", cause);
        } finally {
            stop.release();
        }
    }

    static DownloadException stopped(String what) {
        return new DownloadException(DownloadException.Kind.NETWORK, what + ": stopped");
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static void discard(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // a redirect's body is not needed
        }
    }

    /** The start of an error answer's body, where the hub puts {"error": "..."}. */
    private static String errorText(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            return new String(body.readNBytes(4096), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
