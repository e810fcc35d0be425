package dev.cairn.server;

/**
 * How the OpenAI-compatible server listens and how much it takes on.
 *
 * @param host         the address to bind; a loopback address unless an API key is set
 * @param port         the TCP port (0: any free port)
 * @param apiKey       the key clients send as {@code Authorization: Bearer KEY}, or null for none
 * @param parallel     sessions answering at once, each with its own KV cache, interleaved pass by pass
 * @param queue        requests that may wait for a session; one more is refused with 429
 * @param maxBodyBytes the largest request body taken; a larger one is refused with 413
 * @param corsOrigin   the origin browsers may call from ({@code *} for any), or null: no CORS headers
 */
public record ServerOptions(String host, int port, String apiKey, int parallel, int queue, int maxBodyBytes,
                            String corsOrigin) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_QUEUE = 16;
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

    public ServerOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the port must be 0 to 65535, was " + port);
        }
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel sessions must be at least 1, was " + parallel);
        }
        if (queue < 0) {
            throw new IllegalArgumentException("the queue must hold at least 0 requests, was " + queue);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("the largest body must be at least 1024 bytes, was " + maxBodyBytes);
        }
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        corsOrigin = corsOrigin == null || corsOrigin.isBlank() ? null : corsOrigin;
    }

    /** One session on {@code 127.0.0.1:port}, no key, no CORS: what the desktop app's switch serves with. */
    public static ServerOptions loopback(int port) {
        return new ServerOptions(DEFAULT_HOST, port, null, 1, DEFAULT_QUEUE, DEFAULT_MAX_BODY_BYTES, null);
    }
}
