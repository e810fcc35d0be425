package dev.cairn.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.sampling.Sampler;
import dev.cairn.sampling.SamplingParams;
import dev.cairn.tensor.quant.GgmlType;
import dev.cairn.testing.Fixtures;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The decode loop (forward pass and sampling) must not allocate per token, on any compute thread. Vector API
 * code allocates until C2 has compiled it, and on a busy machine a compilation can land late; so the loop is
 * measured in windows and the quietest counts: allocation per token that the code does shows in every window.
 */
class DecodeAllocationTest {

    private static final int WARM_UP = 300;
    private static final int WINDOWS = 10;
    private static final int WINDOW = 100;

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F16", "F32"})
    void decodingAllocatesNothingPerToken(GgmlType kvType) throws IOException {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (LoadedModel model = LoadedModel.open(Fixtures.model("synth-llama-Q4_0.gguf"), 2)) {
            InferenceState state = model.newState(WARM_UP + WINDOWS * WINDOW + 1, kvType);
            Sampler sampler = new Sampler(SamplingParams.defaults(), model.config().vocabSize());
            Transformer transformer = model.transformer();
            int token = 1;
            for (int i = 0; i < WARM_UP; i++) {
                token = sampler.sample(transformer.forward(state, token));
                sampler.accept(token);
            }
            long[] ids = computeThreadIds();
            // Reading the counters allocates too: measure that cost once and take it off.
            for (int i = 0; i < 3; i++) {
                allocated(threads, ids);
            }
            long probe = allocated(threads, ids);
            long probeCost = allocated(threads, ids) - probe;
            long fewest = Long.MAX_VALUE;
            for (int w = 0; w < WINDOWS && fewest >= 8; w++) {
                long before = allocated(threads, ids);
                for (int i = 0; i < WINDOW; i++) {
                    token = sampler.sample(transformer.forward(state, token));
                    sampler.accept(token);
                }
                long perToken = (allocated(threads, ids) - before - probeCost) / WINDOW;
                System.out.println("decode allocation, " + kvType + " KV cache, window " + w + ": " + perToken + " bytes per token");
                fewest = Math.min(fewest, perToken);
            }
            assertTrue(fewest < 8, fewest + " bytes allocated per token in the quietest of " + WINDOWS + " windows");
        }
    }

    private static long[] computeThreadIds() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t == Thread.currentThread() || t.getName().startsWith("cairn-compute-"))
                .mapToLong(Thread::threadId).toArray();
    }

    private static long allocated(ThreadMXBean threads, long[] ids) {
        return Arrays.stream(threads.getThreadAllocatedBytes(ids)).sum();
    }
}
