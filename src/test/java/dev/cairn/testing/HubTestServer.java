package dev.cairn.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hugging Face Hub on loopback for tests, on the JDK's HttpServer: the search and tree APIs answering
 * Hub-shaped JSON, {@code /{repo}/resolve/main/{file}} redirecting to a CDN path with {@code X-Linked-Etag}
 * and {@code X-Linked-Size} as the Hub does, gated repositories, and files served with range requests.
 * Switches make it misbehave: no range support, a connection killed after some bytes, a stall.
 */
public final class HubTestServer implements AutoCloseable {

    /** A file of a repository, or one at {@code /files/<name>}. */
    public record Hosted(byte[] bytes, String sha256, long advertisedSize) {
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    /** The CDN the hub redirects file downloads to: another origin, as on the real Hub. */
    private final HttpServer cdn;
    private final List<Hosted> cdnFiles = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().factory());
    private final Map<String, Map<String, Hosted>> repositories = new ConcurrentHashMap<>();
    private final Map<String, Hosted> plainFiles = new ConcurrentHashMap<>();
    private final Map<String, String> gatedTokens = new ConcurrentHashMap<>();
    private final List<ObjectNode> searchResults = new CopyOnWriteArrayList<>();
    private final CountDownLatch stallReleased = new CountDownLatch(1);

    /** Request lines seen, with their Range header: "GET /cdn/abc bytes=100-". */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    /** Authorization headers that reached file bodies (the CDN side): must stay empty. */
    public final List<String> authorizationAtCdn = new CopyOnWriteArrayList<>();
    /** Query strings of searches. */
    public final List<String> searchQueries = new CopyOnWriteArrayList<>();
    /** Body bytes written to clients. */
    public final AtomicLong bodyBytesSent = new AtomicLong();

    public volatile boolean rangeSupport = true;
    /** Kill the connection after this many body bytes, for the next {@link #drops} answers longer than that. */
    public volatile long dropAfter = -1;
    public final AtomicInteger drops = new AtomicInteger();
    /** Send this many body bytes, then wait for {@link #releaseStall()} (or the end of the test). */
    public volatile long stallAfter = -1;
    public final CountDownLatch stalled = new CountDownLatch(1);
    /** Stall only the first answer that reaches {@link #stallAfter}; later ones go through. */
    public volatile boolean stallOnce;
    /** Entries per page of a tree listing; 0 for one page. */
    public volatile int treePageSize;

    private HubTestServer(HttpServer server, HttpServer cdn) {
        this.server = server;
        this.cdn = cdn;
    }

    public static HubTestServer start() throws IOException {
        HubTestServer hub = new HubTestServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0),
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        for (HttpServer server : List.of(hub.server, hub.cdn)) {
            server.createContext("/", hub::handle);
            server.setExecutor(hub.threads);
            server.start();
        }
        return hub;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Puts {@code bytes} in {@code repo} as the LFS file {@code path}. */
    public HubTestServer file(String repo, String path, byte[] bytes) {
        return file(repo, path, new Hosted(bytes, sha256(bytes), bytes.length));
    }

    public HubTestServer file(String repo, String path, Hosted hosted) {
        repositories.computeIfAbsent(repo, r -> new LinkedHashMap<>()).put(path, hosted);
        cdnFiles.add(hosted);
        return this;
    }

    /** Serves {@code bytes} at {@code /files/<name>}, a plain URL without hub headers. */
    public URI plainFile(String name, byte[] bytes) {
        plainFiles.put(name, new Hosted(bytes, sha256(bytes), bytes.length));
        return uri().resolve("/files/" + name);
    }

    /** Makes {@code repo} gated: only {@code token} opens it. */
    public void gate(String repo, String token) {
        gatedTokens.put(repo, token);
    }

    public void searchResult(String id, long downloads, long likes, String lastModified, Object gated) {
        ObjectNode node = JSON.createObjectNode().put("_id", Integer.toHexString(id.hashCode())).put("id", id)
                .put("modelId", id).put("downloads", downloads).put("likes", likes).put("lastModified", lastModified)
                .put("private", false);
        if (gated instanceof Boolean b) {
            node.put("gated", b);
        } else {
            node.put("gated", gated.toString());
        }
        node.putArray("tags").add("gguf").add("text-generation");
        searchResults.add(node);
    }

    public void releaseStall() {
        stallReleased.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        String path = uri.getRawPath();
        requests.add(exchange.getRequestMethod() + " " + path + " " + exchange.getRequestHeaders().getFirst("Range"));
        try (exchange) {
            if (path.equals("/api/models")) {
                searchQueries.add(uri.getRawQuery());
                json(exchange, 200, JSON.createArrayNode().addAll(searchResults), null);
            } else if (path.startsWith("/api/models/") && path.contains("/tree/main")) {
                tree(exchange, path.substring("/api/models/".length(), path.indexOf("/tree/main")), uri.getRawQuery());
            } else if (path.contains("/resolve/main/")) {
                resolve(exchange, path);
            } else if (path.startsWith("/cdn/")) {
                int index = Integer.parseInt(path.substring("/cdn/".length()));
                serve(exchange, index < cdnFiles.size() ? cdnFiles.get(index) : null, true);
            } else if (path.startsWith("/files/")) {
                serve(exchange, plainFiles.get(path.substring("/files/".length())), false);
            } else {
                json(exchange, 404, JSON.createObjectNode().put("error", "Not Found"), null);
            }
        }
    }

    private void tree(HttpExchange exchange, String repo, String query) throws IOException {
        Map<String, Hosted> files = repositories.get(repo);
        if (files == null) {
            json(exchange, 404, JSON.createObjectNode().put("error", "Repository not found"), "RepoNotFound");
            return;
        }
        ArrayNode entries = JSON.createArrayNode();
        entries.addObject().put("type", "directory").put("oid", "0123456789abcdef0123456789abcdef01234567").put("size", 0)
                .put("path", "extras");
        entries.addObject().put("type", "file").put("oid", "89abcdef0123456789abcdef0123456789abcdef").put("size", 1234)
                .put("path", "README.md");
        files.forEach((path, hosted) -> {
            ObjectNode entry = entries.addObject().put("type", "file").put("oid", "fedcba9876543210fedcba9876543210fedcba98")
                    .put("size", hosted.advertisedSize()).put("path", path);
            entry.putObject("lfs").put("oid", hosted.sha256()).put("size", hosted.advertisedSize()).put("pointerSize", 135);
        });
        int cursor = query != null && query.contains("cursor=") ? Integer.parseInt(query.replaceAll(".*cursor=(\\d+).*", "$1")) : 0;
        int size = treePageSize > 0 ? treePageSize : entries.size();
        ArrayNode page = JSON.createArrayNode();
        for (int i = cursor; i < Math.min(entries.size(), cursor + size); i++) {
            page.add(entries.get(i));
        }
        if (cursor + size < entries.size()) {
            exchange.getResponseHeaders().add("Link", "<" + uri() + "/api/models/" + repo + "/tree/main?recursive=true&cursor="
                    + (cursor + size) + ">; rel=\"next\"");
        }
        json(exchange, 200, page, null);
    }

    private void resolve(HttpExchange exchange, String path) throws IOException {
        String repo = path.substring(1, path.indexOf("/resolve/main/"));
        String file = URLDecoder.decode(path.substring(path.indexOf("/resolve/main/") + "/resolve/main/".length()), StandardCharsets.UTF_8);
        String wanted = gatedTokens.get(repo);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (wanted != null && authorization == null) {
            exchange.getResponseHeaders().add("X-Error-Message", "Access to model " + repo + " is restricted. You must have access to it and be authenticated to access it. Please log in.");
            json(exchange, 401, JSON.createObjectNode().put("error", "Access to model " + repo + " is restricted."), "GatedRepo");
            return;
        }
        if (wanted != null && !authorization.equals("Bearer " + wanted)) {
            exchange.getResponseHeaders().add("X-Error-Message", "Access to model " + repo + " is restricted and you are not in the authorized list.");
            json(exchange, 403, JSON.createObjectNode().put("error", "Access restricted"), "GatedRepo");
            return;
        }
        Map<String, Hosted> files = repositories.get(repo);
        Hosted hosted = files == null ? null : files.get(file);
        if (hosted == null) {
            json(exchange, 404, JSON.createObjectNode().put("error", "Entry not found"), files == null ? "RepoNotFound" : "EntryNotFound");
            return;
        }
        exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + cdn.getAddress().getPort() + "/cdn/"
                + cdnFiles.indexOf(hosted) + "?signature=abc&expires=1");
        exchange.getResponseHeaders().add("X-Linked-Etag", "\"" + hosted.sha256() + "\"");
        exchange.getResponseHeaders().add("X-Linked-Size", Long.toString(hosted.advertisedSize()));
        exchange.getResponseHeaders().add("X-Repo-Commit", "0123456789abcdef0123456789abcdef01234567");
        exchange.getResponseHeaders().add("ETag", "\"" + hosted.sha256() + "\"");
        exchange.sendResponseHeaders(302, -1);
    }

    /** The file's bytes from where the Range header asks, as the switches allow. */
    private void serve(HttpExchange exchange, Hosted hosted, boolean cdn) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (cdn && authorization != null) {
            authorizationAtCdn.add(authorization);
        }
        if (hosted == null) {
            json(exchange, 404, JSON.createObjectNode().put("error", "Not Found"), null);
            return;
        }
        byte[] bytes = hosted.bytes();
        String etag = "\"" + hosted.sha256() + "\"";
        exchange.getResponseHeaders().add("ETag", etag);
        long from = 0;
        long end = bytes.length; // exclusive
        Matcher range = RANGE.matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Range")));
        String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
        boolean partial = false;
        if (rangeSupport) {
            exchange.getResponseHeaders().add("Accept-Ranges", "bytes");
            if (range.matches() && (ifRange == null || ifRange.equals(etag))) {
                from = Long.parseLong(range.group(1));
                end = range.group(2).isEmpty() ? bytes.length : Math.min(bytes.length, Long.parseLong(range.group(2)) + 1);
                partial = true;
            }
        }
        if (partial && from >= bytes.length) {
            exchange.getResponseHeaders().add("Content-Range", "bytes */" + bytes.length);
            exchange.sendResponseHeaders(416, -1);
            return;
        }
        if (partial) {
            exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (end - 1) + "/" + bytes.length);
        }
        exchange.sendResponseHeaders(partial ? 206 : 200, end - from);
        OutputStream out = exchange.getResponseBody();
        boolean drop = dropAfter >= 0 && end - from > dropAfter && drops.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        long limit = drop ? from + dropAfter : Long.MAX_VALUE;
        for (long at = from; at < end; ) {
            if (stallAfter >= 0 && at >= stallAfter) {
                out.flush();
                stalled.countDown();
                if (stallOnce) {
                    stallAfter = -1;
                }
                awaitRelease();
                stallAfter = -1;
            }
            int n = (int) Math.min(Math.min(16 << 10, end - at), limit - at);
            if (stallAfter >= 0 && at < stallAfter) {
                n = (int) Math.min(n, stallAfter - at);
            }
            if (n <= 0) {
                out.flush();
                throw new IOException("test server: the connection is killed after " + (at - from) + " bytes");
            }
            out.write(bytes, (int) at, n);
            bodyBytesSent.addAndGet(n);
            at += n;
        }
    }

    private void awaitRelease() throws IOException {
        try {
            if (!stallReleased.await(60, TimeUnit.SECONDS)) {
                throw new IOException("test server: never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void json(HttpExchange exchange, int status, Object body, String errorCode) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        if (errorCode != null) {
            exchange.getResponseHeaders().add("X-Error-Code", errorCode);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    public List<String> requestsFor(String prefix) {
        List<String> found = new ArrayList<>();
        for (String r : requests) {
            if (r.contains(prefix)) {
                found.add(r);
            }
        }
        return found;
    }

    @Override
    public void close() {
        stallReleased.countDown();
        server.stop(0);
        cdn.stop(0);
        threads.shutdownNow();
    }
}
