package dev.cairn.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.model.InferenceState;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.metrics.EventType;
import dev.cairn.testing.Backends;
import dev.cairn.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a load and a pass on a GPU backend (Vulkan, OpenCL) report: the weights copied to the device as the load goes, and as compute
 * spans of the event ring the layers' GPU time (timestamp queries or markers placed on the host's clock
 * when the pass finished), one span per layer and pass, in layer order, within the pass.
 */
class GpuLayerTimesTest {

    @ParameterizedTest
    @MethodSource("dev.cairn.testing.Backends#gpus")
    void theLoadReportsTheWeightsCopiedUpToAll(String backend) throws Exception {
        List<long[]> reports = new ArrayList<>();
        try (LoadedModel model = LoadedModel.open(Fixtures.model("stories260K.gguf"), Backends.resident(backend),
                (copied, total) -> reports.add(new long[] {copied, total}))) {
            long total = model.plan().weightsBytes();
            assertTrue(reports.size() > model.config().layers(), "a report per tensor at least: " + reports.size());
            for (int i = 0; i < reports.size(); i++) {
                assertEquals(total, reports.get(i)[1]);
                assertTrue(i == 0 || reports.get(i - 1)[0] < reports.get(i)[0], "growing");
            }
            assertEquals(total, reports.getLast()[0], "every weight byte copied");
        }
    }

    private record Span(int layer, long start, long end) {
    }

    @ParameterizedTest
    @MethodSource("dev.cairn.testing.Backends#gpus")
    void everyLayerOfEveryPassHasOneGpuSpanInsideThePass(String backend) throws Exception {
        try (LoadedModel model = LoadedModel.open(Fixtures.model("stories260K.gguf"), Backends.resident(backend))) {
            InferenceState state = model.newState(16);
            long cursor = model.metrics().ring().head();
            long before = System.nanoTime();
            model.transformer().forwardPrompt(state, new int[] {1, 403, 407});
            model.transformer().forward(state, 1500 % model.config().vocabSize());
            long after = System.nanoTime();

            List<Span> spans = new ArrayList<>();
            long[] open = new long[model.config().layers()];
            model.metrics().ring().drain(cursor, (sequence, type, layer, lane, nanos, value) -> {
                if (type == EventType.COMPUTE_START) {
                    open[layer] = nanos;
                } else if (type == EventType.COMPUTE_END) {
                    spans.add(new Span(layer, open[layer], nanos));
                }
            });
            int layers = model.config().layers();
            assertEquals(2 * layers, spans.size(), "one span per layer and pass: " + spans);
            for (int i = 0; i < spans.size(); i++) {
                Span s = spans.get(i);
                assertEquals(i % layers, s.layer(), "layers in order: " + spans);
                assertTrue(before <= s.start() && s.start() <= s.end() && s.end() <= after, "inside the passes: " + s);
                if (i > 0) {
                    assertTrue(spans.get(i - 1).end() <= s.start(), "one after another: " + spans);
                }
            }
        }
    }
}
