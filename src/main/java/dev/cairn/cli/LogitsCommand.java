package dev.cairn.cli;

import dev.cairn.model.InferenceState;
import dev.cairn.model.Transformer;
import dev.cairn.runtime.LoadedModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Teacher-forced logits: feeds exactly the given ids and writes every position's logits. */
@Command(name = "logits", mixinStandardHelpOptions = true,
        description = "Feed exactly these token ids (no BOS added) and write the logits after each, little-endian float32, rows x n_vocab.")
final class LogitsCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--tokens", required = true, split = ",", paramLabel = "IDS", description = "Comma-separated token ids.")
    int[] tokens;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Output file.")
    Path out;

    @Override
    public Integer call() throws IOException {
        try (LoadedModel loaded = model.load();
             FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            Transformer transformer = loaded.transformer();
            InferenceState state = loaded.newState(Math.max(tokens.length, 1), model.kvCacheType()); // freed with the model
            int vocab = loaded.config().vocabSize();
            ByteBuffer row = ByteBuffer.allocate(vocab * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int token : tokens) {
                float[] logits = transformer.forward(state, token);
                row.clear();
                row.asFloatBuffer().put(logits, 0, vocab);
                row.limit(vocab * Float.BYTES);
                while (row.hasRemaining()) {
                    channel.write(row);
                }
            }
        }
        return 0;
    }
}
