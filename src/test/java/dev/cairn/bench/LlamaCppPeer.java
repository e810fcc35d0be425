package dev.cairn.bench;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import dev.cairn.cli.BenchPeer;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * llama.cpp through the de.kherud JNI binding (benchmark scope), as {@code bench --peer llamacpp-jni}: a
 * test oracle, several times slower than native llama.cpp here ({@code --peer llamacpp} is the speed peer). The
 * binding drives llama.cpp's server loop, so times are taken around it: prompt speed from the request
 * to the first token (one decode step included), decode speed over the tokens after it.
 */
public final class LlamaCppPeer implements BenchPeer {

    private static final String WORD = " the";

    @Override
    public String name() {
        return "llamacpp-jni";
    }

    @Override
    public Speed measure(Path model, int promptTokens, int genTokens, int threads) {
        ModelParameters params = new ModelParameters().setModel(model.toString()).setThreads(threads)
                .setCtxSize(promptTokens + genTokens + 16).setBatchSize(512).disableLog();
        try (LlamaModel llama = loadQuietly(params)) {
            String prompt = promptOf(llama, promptTokens);
            run(llama, promptOf(llama, 8), 8);
            return run(llama, prompt, genTokens);
        }
    }

    /**
     * Loads the model with standard output sent to standard error: the binding announces on stdout where
     * it extracted its native library (when the class first loads), which would corrupt {@code bench --json}.
     */
    private static synchronized LlamaModel loadQuietly(ModelParameters params) {
        PrintStream stdout = System.out;
        System.setOut(System.err);
        try {
            LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> { });
            return new LlamaModel(params);
        } finally {
            System.setOut(stdout);
        }
    }

    /** A prompt that llama.cpp tokenizes into exactly {@code tokens} tokens (BOS included). */
    private static String promptOf(LlamaModel llama, int tokens) {
        StringBuilder prompt = new StringBuilder("The");
        while (llama.encode(prompt.toString()).length + 1 < tokens) {
            prompt.append(WORD);
        }
        return prompt.toString();
    }

    private static Speed run(LlamaModel llama, String prompt, int genTokens) {
        int promptTokens = llama.encode(prompt).length + 1;
        InferenceParameters inference = new InferenceParameters(prompt).setTemperature(0f).setNPredict(genTokens)
                .setCachePrompt(false);
        long start = System.nanoTime();
        long first = 0;
        int outputs = 0;
        for (LlamaOutput output : llama.generate(inference)) {
            if (output.text.isEmpty()) {
                continue;
            }
            if (outputs++ == 0) {
                first = System.nanoTime();
            }
        }
        long end = System.nanoTime();
        return new Speed(promptTokens / ((first - start) / 1e9), Math.max(1, outputs - 1) / ((end - first) / 1e9));
    }
}
