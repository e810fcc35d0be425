package dev.cairn.cli;

import dev.cairn.runtime.LoadedModel;
import dev.cairn.server.OpenAiServer;
import dev.cairn.server.ServerOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Serves a model over OpenAI's API until the process is stopped (Ctrl-C or a TERM signal), which ends
 * the answers in progress and frees the model.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a model over an OpenAI-compatible HTTP API (/v1/chat/completions, /v1/completions, /v1/models, /health).")
final class ServeCommand implements Callable<Integer> {

    /** The fewest positions a session may have: a prompt and an answer of a few tokens. */
    static final int MIN_SESSION_CONTEXT = 16;

    @Mixin
    ModelOptions model;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = ServerOptions.DEFAULT_HOST,
            description = "Address to listen on (default: ${DEFAULT-VALUE}); one that is not loopback needs --api-key.")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + ServerOptions.DEFAULT_PORT,
            description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "Key clients must send as 'Authorization: Bearer KEY' (default: none, which only a loopback address allows).")
    String apiKey;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
            description = "Requests answered at once, each with its own KV cache; they share --context (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--queue", paramLabel = "N", defaultValue = "" + ServerOptions.DEFAULT_QUEUE,
            description = "Requests that may wait for a session; more are refused with 429 (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "" + ServerOptions.DEFAULT_MAX_BODY_BYTES,
            description = "Largest request body taken; a larger one gets 413 (default: ${DEFAULT-VALUE}).")
    int maxBody;

    @Option(names = "--cors", paramLabel = "ORIGIN",
            description = "Allow browsers on ORIGIN (or * for any) to call the server (default: no CORS headers).")
    String cors;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Checks.atLeastOne("--parallel", parallel);
        if (queue < 0) {
            throw new IllegalArgumentException("--queue must be at least 0, was " + queue);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0 to 65535, was " + port);
        }
        if (maxBody < 1024) {
            throw new IllegalArgumentException("--max-body must be at least 1024 bytes, was " + maxBody);
        }
        ServerOptions options = new ServerOptions(host, port, apiKey, parallel, queue, maxBody, cors);
        PrintWriter err = spec.commandLine().getErr();
        LoadedModel loaded = model.load();
        OpenAiServer server;
        try {
            int context = model.contextFor(loaded);
            int perSession = context / parallel;
            if (perSession < MIN_SESSION_CONTEXT) {
                throw new IllegalArgumentException("a context of " + context + " tokens split among " + parallel
                        + " sessions leaves " + perSession + " each: raise --context or lower --parallel");
            }
            server = OpenAiServer.start(loaded, perSession, options);
        } catch (IOException | RuntimeException e) {
            loaded.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            server.close();
            loaded.close();
            stopped.countDown();
        }, "cairn-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        err.printf(Locale.ROOT, "Serving %s at %s (%d session%s of %d tokens, %d may wait%s%s). Ctrl-C stops.%n",
                server.modelId(), server.baseUri(), parallel, parallel == 1 ? "" : "s", server.contextPerSession(), queue,
                apiKey == null ? "" : ", API key required", cors == null ? "" : ", CORS for " + cors);
        err.flush();
        stopped.await();
        return 0;
    }
}
