package dev.cairn.runtime;

import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufKeys;
import dev.cairn.gguf.GgufMetadata;
import dev.cairn.gguf.GgufTensorInfo;
import dev.cairn.model.ModelConfig;
import dev.cairn.model.ModelLoader;
import dev.cairn.tensor.quant.GgmlType;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a model's header says about it, read without its weights: the wizard's Review step shows it, and a
 * download checks it as soon as the header has arrived.
 *
 * @param quantization tensor types by the share of the weights' bytes they hold, largest first
 */
public record ModelSummary(String name, String architecture, long parameters, String quantization, int contextLength,
                           long fileSize, String tokenizer, boolean hasChatTemplate, ModelConfig config) {

    /** @throws dev.cairn.model.UnsupportedModelException when the engine cannot run the file */
    public static ModelSummary of(GgufFile file) {
        ModelConfig config = ModelLoader.config(file);
        GgufMetadata meta = file.metadata();
        long parameters = 0;
        long weightBytes = 0;
        Map<GgmlType, Long> bytesByType = new EnumMap<>(GgmlType.class);
        for (GgufTensorInfo t : file.tensors()) {
            parameters += t.elementCount();
            weightBytes += t.byteSize();
            bytesByType.merge(t.type(), t.byteSize(), Long::sum);
        }
        long total = Math.max(1, weightBytes);
        String quantization = bytesByType.entrySet().stream()
                .sorted(Map.Entry.<GgmlType, Long>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), 100.0 * e.getValue() / total))
                .collect(Collectors.joining(", "));
        int vocabulary = meta.contains(GgufKeys.TOKENIZER_TOKENS) ? meta.getStringArray(GgufKeys.TOKENIZER_TOKENS).length : 0;
        String tokenizer = meta.findString(GgufKeys.TOKENIZER_MODEL).orElse("none") + ", " + vocabulary + " tokens"
                + meta.findString(GgufKeys.TOKENIZER_PRE).map(p -> ", pre-tokenizer " + p).orElse("");
        return new ModelSummary(meta.findString(GgufKeys.GENERAL_NAME).orElseGet(() -> fileName(file)),
                config.architecture().ggufName(), parameters, quantization, config.contextLength(),
                file.fileSize(), tokenizer, meta.contains(GgufKeys.CHAT_TEMPLATE), config);
    }

    /** The file's name without folders; a header read from a download's first bytes has no path. */
    private static String fileName(GgufFile file) {
        return file.path() == null ? file.name() : file.path().getFileName().toString();
    }

    public String parametersText() {
        if (parameters >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f B", parameters / 1e9);
        }
        if (parameters >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.2f M", parameters / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f K", parameters / 1e3);
    }

    public String fileSizeText() {
        return Bytes.format(fileSize);
    }
}
