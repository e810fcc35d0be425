package dev.cairn.app.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.model.InferenceState;
import dev.cairn.model.synth.ModelShape;
import dev.cairn.runtime.LoadOptions;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.MemoryBudget;
import dev.cairn.runtime.Residency;
import dev.cairn.runtime.SpeedCheck;
import dev.cairn.runtime.SpeedExplanation;
import dev.cairn.runtime.cache.ReadMode;
import dev.cairn.runtime.cache.StreamingLayers;
import dev.cairn.tensor.quant.GgmlType;
import dev.cairn.testing.GeneratedModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The inspector's "why this speed" panel on real streaming runs of the eight-layer generated model. The
 * disk and memory rates are fixed (a 1 MB/s disk, 1 TB/s of memory) so the bound named does not depend
 * on how fast this machine is: a one-layer cache reads every layer every token and is bound by that disk;
 * the budget the panel then suggests pins every layer, reads nothing, and is bound by compute, as is the
 * resident model.
 */
@ExtendWith(ApplicationExtension.class)
class SpeedPanelTest {

    private static final int CONTEXT = 64;
    private static final int TOKENS = 6;
    private static final SpeedCheck.Rates RATES = new SpeedCheck.Rates() {
        @Override
        public double diskBytesPerSecond(LoadedModel model) {
            return 1e6;
        }

        @Override
        public double memoryBytesPerSecond(int threads) {
            return 1e12;
        }
    };

    @TempDir
    static Path dir;
    private static Path modelFile;
    private InspectorViewModel viewModel;

    @BeforeAll
    static void writeModel() throws IOException {
        modelFile = GeneratedModels.write(dir, ModelShape.TEST_DEEP, "Q8_0");
    }

    @Start
    void start(Stage stage) {
        viewModel = new InspectorViewModel(RATES);
        stage.setScene(new Scene(new InspectorView(viewModel), 1100, 700));
        stage.show();
    }

    @Test
    void namesTheDiskForASmallBudgetAndComputeOnceItsSuggestionPinsEveryLayer(FxRobot robot) throws Exception {
        SpeedExplanation small;
        try (LoadedModel model = streaming(budgetForSlots(1))) {
            small = explainRun(robot, model);
        }
        assertEquals(SpeedExplanation.Bound.DISK, small.bound(), small.describe());
        assertEquals("Bound by disk", robot.lookup("#speed-bound").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#speed-details").queryAs(Label.class).getText().contains("what would change it: a "),
                "a larger budget is suggested");
        assertTrue(small.suggestedBudgetBytes() > 0, small.suggestion());

        try (LoadedModel model = streaming(small.suggestedBudgetBytes())) {
            StreamingLayers cache = (StreamingLayers) model.transformer().layers();
            assertEquals(model.config().layers(), cache.plan().pinned(), "the suggested budget pins every layer");
            SpeedExplanation suggested = explainRun(robot, model);
            assertEquals(0, suggested.bytesPerToken(), "as forecast, nothing is read per token");
            assertEquals(SpeedExplanation.Bound.COMPUTE, suggested.bound(), suggested.describe());
        }
    }

    @Test
    void namesComputeWhenEverythingIsResident(FxRobot robot) throws Exception {
        try (LoadedModel model = GeneratedModels.openResident(modelFile, CONTEXT)) {
            SpeedExplanation resident = explainRun(robot, model);
            assertEquals(SpeedExplanation.Bound.COMPUTE, resident.bound(), resident.describe());
            assertEquals("Bound by compute", robot.lookup("#speed-bound").queryAs(Label.class).getText());
        }
    }

    /** Runs a token to load what the cache keeps, attaches, runs {@value #TOKENS} more, and presses Explain. */
    private SpeedExplanation explainRun(FxRobot robot, LoadedModel model) throws Exception {
        try (InferenceState state = model.newState(CONTEXT)) {
            model.transformer().forward(state, 1);
            WaitForAsyncUtils.asyncFx(() -> viewModel.attach(model)).get(10, TimeUnit.SECONDS);
            for (int i = 0; i < TOKENS; i++) {
                model.transformer().forward(state, 300 + i);
            }
        }
        robot.clickOn("#speed-explain");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> viewModel.speed().explanationProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        return viewModel.speed().explanationProperty().get();
    }

    /** Streaming through the mapping, whose slots are exactly a layer's bytes, as the forecast counts them. */
    private static LoadedModel streaming(long budget) throws IOException {
        return LoadedModel.open(modelFile, LoadOptions.resident(1).withContext(CONTEXT, GgmlType.F16)
                .withResidency(Residency.STREAMING).withBudget(MemoryBudget.ofBytes(budget))
                .withStreaming(1, 1, ReadMode.MMAP));
    }

    private static long budgetForSlots(int slots) throws IOException {
        try (LoadedModel probe = GeneratedModels.openResident(modelFile, CONTEXT);
                var file = dev.cairn.gguf.GgufFile.open(modelFile)) {
            return probe.plan().budgetForSlots(file, ReadMode.MMAP, slots);
        }
    }
}
