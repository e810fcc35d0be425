package dev.cairn.download;

import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufFormatException;
import dev.cairn.model.UnsupportedModelException;
import dev.cairn.runtime.MemoryPlan;
import dev.cairn.runtime.ModelSummary;
import dev.cairn.tensor.quant.GgmlType;
import dev.cairn.tokenizer.Tokenizers;
import dev.cairn.tokenizer.UnsupportedTokenizerException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a download's header from its first bytes and decides whether Cairn can run the file: a GGUF
 * file, an architecture and tokenizer the engine supports, tensor types it has kernels for, and not one
 * part of a split model.
 */
final class HeaderCheck {

    /** {@code split.count}, written by llama.cpp's gguf-split into every part. */
    private static final String SPLIT_COUNT = "split.count";

    private HeaderCheck() {
    }

    /**
     * The report on {@code file} (named in messages), or empty while its header goes on past {@code prefix}.
     *
     * @throws DownloadException when the file is not GGUF or Cairn cannot run it
     */
    static Optional<HeaderReport> check(MemorySegment prefix, long fileSize, Path file, int contextCap)
            throws DownloadException {
        Optional<GgufFile> parsed;
        try {
            parsed = GgufFile.parseHeader(prefix, fileSize, file);
        } catch (GgufFormatException e) {
            throw new DownloadException(DownloadException.Kind.NOT_RUNNABLE, e.getMessage(), e);
        }
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        GgufFile header = parsed.get();
        try {
            if (header.metadata().getInt(SPLIT_COUNT, 1) > 1) {
                throw new UnsupportedModelException(file + ": one part of a split model ("
                        + header.metadata().getInt(SPLIT_COUNT, 1) + " parts), which Cairn cannot load yet");
            }
            ModelSummary summary = ModelSummary.of(header);
            Tokenizers.fromMetadata(header.metadata(), file);
            MemoryPlan plan = MemoryPlan.of(header, summary.config(), FitCheck.firstLoadContext(summary, contextCap), GgmlType.F16);
            return Optional.of(new HeaderReport(summary, plan));
        } catch (UnsupportedModelException | UnsupportedTokenizerException | IllegalArgumentException e) {
            throw new DownloadException(DownloadException.Kind.NOT_RUNNABLE, e.getMessage(), e);
        }
    }
}
