package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Native llama.cpp on the CPU as {@code bench --peer llamacpp}: the speed users compare against. It runs
 * the peer's benchmark program ({@code run.sh} of a folder built by {@code shared/tools/llamacpp-peer/build.sh})
 * as a separate process, one repeat per round, so its rounds alternate with Cairn's. The folder comes from
 * {@value #FOLDER_VARIABLE}; {@code ./cairn} sets it and builds the folder on first use.
 */
final class NativeLlamaCppPeer implements BenchPeer {

    static final String NAME = "llamacpp";
    static final String FOLDER_VARIABLE = "CAIRN_LLAMACPP_PEER";

    /** A generous bound for one round of a 7B model on two threads; the peer never legitimately runs longer. */
    private static final long ROUND_TIMEOUT_MINUTES = 30;

    private final Path folder;

    NativeLlamaCppPeer(Path folder) {
        this.folder = folder;
    }

    /** The peer in the folder {@value #FOLDER_VARIABLE} names. */
    static NativeLlamaCppPeer fromEnvironment() {
        String folder = System.getenv(FOLDER_VARIABLE);
        if (folder == null || folder.isBlank()) {
            throw new IllegalArgumentException("--peer llamacpp needs " + FOLDER_VARIABLE + " (a folder built by "
                    + "shared/tools/llamacpp-peer/build.sh); ./cairn sets it and builds the folder on first use");
        }
        return new NativeLlamaCppPeer(Path.of(folder));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Speed measure(Path model, int promptTokens, int genTokens, int threads) {
        Path script = folder.resolve("run.sh");
        if (!Files.isExecutable(script)) {
            throw new IllegalArgumentException("no llama.cpp peer in " + folder + ": build it with "
                    + "shared/tools/llamacpp-peer/build.sh " + folder);
        }
        // MODEL n_gpu_layers pp tg repeats threads: the CPU only, one repeat (bench --repeat alternates rounds).
        List<String> command = List.of(script.toString(), model.toString(), "0", Integer.toString(promptTokens),
                Integer.toString(genTokens), "1", Integer.toString(threads));
        try {
            // Both streams go to files, so a peer that hangs is caught by the timeout, not by a blocked read.
            Path output = Files.createTempFile("cairn-peer", ".json");
            Path errors = Files.createTempFile("cairn-peer", ".log");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
                        .redirectError(errors.toFile()).start();
                process.getOutputStream().close();
                if (!process.waitFor(ROUND_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the llama.cpp peer ran past " + ROUND_TIMEOUT_MINUTES + " minutes");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("the llama.cpp peer failed (exit " + process.exitValue() + "): "
                            + lastLine(Files.readString(errors)));
                }
                return parse(Files.readString(output));
            } finally {
                Files.deleteIfExists(output);
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run the llama.cpp peer " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the llama.cpp peer ran", e);
        }
    }

    /** The rates in the peer's one JSON line (the last line of its output). */
    static Speed parse(String output) throws IOException {
        JsonNode line = new ObjectMapper().readTree(lastLine(output));
        if (line == null || !line.path("prompt_tok_s").isNumber() || !line.path("decode_tok_s").isNumber()) {
            throw new IllegalStateException("the llama.cpp peer printed no rates: " + lastLine(output));
        }
        return new Speed(line.get("prompt_tok_s").asDouble(), line.get("decode_tok_s").asDouble());
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }
}
