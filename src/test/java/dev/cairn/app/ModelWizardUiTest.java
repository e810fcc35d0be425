package dev.cairn.app;

import static dev.cairn.app.AppHarness.fx;
import static dev.cairn.app.AppHarness.fxRun;
import static dev.cairn.app.AppHarness.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.app.core.AppSettings;
import dev.cairn.app.core.DataFolder;
import dev.cairn.app.models.BackendOption;
import dev.cairn.app.models.ModelChoices;
import dev.cairn.app.models.ModelLibrary;
import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufFormatException;
import dev.cairn.model.ModelLoader;
import dev.cairn.runtime.Bytes;
import dev.cairn.runtime.MemoryPlan;
import dev.cairn.runtime.Residency;
import dev.cairn.runtime.cache.ReadMode;
import dev.cairn.tensor.quant.GgmlType;
import dev.cairn.testing.Backends;
import dev.cairn.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.input.MouseButton;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The model wizard on the real stories260K model and on a truncated copy of it. */
class ModelWizardUiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path data;

    @TempDir
    Path files;

    /** Puts {@code model} among the recent models, as an earlier load would have. */
    private void recent(Path model, int context) {
        new ModelLibrary(new DataFolder(data).modelsFile()).remember(model,
                new ModelChoices("cpu", Residency.AUTO, 60, 2, 1, context));
    }

    private static void chooseRecent(AppHarness app, Path model) {
        ListView<Path> recent = app.find("#wizard-recent");
        waitUntil("the recent model", WAIT, () -> recent.getItems().contains(model.toAbsolutePath().normalize()));
        fxRun(() -> recent.getSelectionModel().select(model.toAbsolutePath().normalize()));
        app.robot.doubleClickOn(recent.lookup(".list-cell:filled"), MouseButton.PRIMARY);
    }

    /** A window whose wizard reviews {@code model}, remembered with a context of {@code context} tokens. */
    private AppHarness reviewing(Path model, int context) throws Exception {
        recent(model, context);
        AppHarness app = AppHarness.open(data);
        app.click("#nav-models");
        chooseRecent(app, model);
        Label architecture = app.find("#review-architecture");
        waitUntil("the model's metadata", WAIT, () -> architecture.getText().equals("llama"));
        return app;
    }

    @Test
    void loadsStories260KShowingItsMetadataAndMemoryPlan() throws Exception {
        Path model = Fixtures.model("stories260K.gguf");
        try (AppHarness app = reviewing(model, 1024)) {
            assertEquals("none in the file: chats continue the text as written (a built-in chat format can be chosen per chat)",
                    ((Label) app.find("#review-chat-template")).getText());
            assertTrue(((Label) app.find("#review-quantization")).getText().startsWith("F32 "));
            assertEquals(Bytes.format(Files.size(model)), ((Label) app.find("#review-file-size")).getText());
            assertTrue(((Label) app.find("#review-tokenizer")).getText().startsWith("llama, 512 tokens"));

            app.click("#wizard-next");
            MemoryPlan expected;
            try (GgufFile file = GgufFile.open(model)) {
                expected = MemoryPlan.of(file, ModelLoader.config(file), 1024, GgmlType.F16);
            }
            assertEquals(Bytes.format(expected.weightsBytes()), ((Label) app.find("#plan-weights")).getText());
            assertEquals(Bytes.format(expected.kvBytes()), ((Label) app.find("#plan-kv-cache-tokens")).getText());
            assertEquals(Bytes.format(expected.scratchBytes()), ((Label) app.find("#plan-scratch")).getText());
            assertEquals("resident", ((Label) app.find("#plan-runs-as")).getText());
            Label effect = app.find("#plan-effect");
            assertTrue(effect.getText().contains("stay in memory: no disk reads per token"), effect.getText());
            Label disk = app.find("#plan-disk");
            waitUntil("the disk measurement", WAIT, () -> disk.getText().contains("MB/s"));

            ChoiceBox<Residency> residency = app.find("#plan-residency");
            fxRun(() -> residency.setValue(Residency.STREAMING));
            assertEquals("streaming", ((Label) app.find("#plan-runs-as")).getText());
            assertTrue(effect.getText().contains("layer cache holds every layer"), effect.getText());
            fxRun(() -> residency.setValue(Residency.AUTO));
            Spinner<Integer> context = app.find("#plan-context");
            fxRun(() -> context.getValueFactory().setValue(2048));
            assertEquals(Bytes.format(2 * expected.kvBytes()), ((Label) app.find("#plan-kv-cache-tokens")).getText());
            Screenshots.take(app.stage.getScene(), "wizard");

            app.click("#wizard-load");
            waitUntil("the model to load", WAIT, () -> app.context.state().getLoadedModel() != null);
            assertEquals(Residency.RESIDENT, app.context.state().getLoadedModel().residency());
            assertEquals(2048, app.context.state().getLoadedModel().plan().context());
            waitUntil("the chat to show", WAIT, () -> app.stage.getScene().getRoot().lookup("#chat-view") != null);
            assertEquals("stories260K.gguf", ((Label) app.find("#status-model")).getText());
            assertEquals("resident", ((Label) app.find("#status-residency")).getText());
        }
        ModelChoices remembered = new ModelLibrary(new DataFolder(data).modelsFile()).choicesFor(model).orElseThrow();
        assertEquals(2048, remembered.context(), "the choices are remembered for the next load");
    }

    /** The Plan step lists every device with its memory; a model loaded on a Vulkan or an OpenCL device runs there. */
    @ParameterizedTest
    @MethodSource("dev.cairn.testing.Backends#gpus")
    void listsEveryDeviceWithItsMemoryAndLoadsOnTheChosenOne(String api) throws Exception {
        String choice = Backends.choice(api).toString();
        Path model = Fixtures.model("stories260K.gguf");
        try (AppHarness app = reviewing(model, 256)) {
            app.click("#wizard-next");
            ChoiceBox<BackendOption> backends = app.find("#plan-backend");
            waitUntil("the GPU devices", WAIT, () -> fx(() -> backends.getItems().stream().anyMatch(b -> b.isChoice(choice))));
            BackendOption cpu = fx(() -> backends.getItems().getFirst());
            assertTrue(cpu.isChoice("cpu") && cpu.toString().contains(Bytes.format(cpu.memoryBytes())), cpu.toString());
            BackendOption gpu = fx(() -> backends.getItems().stream().filter(b -> b.isChoice(choice)).findFirst().orElseThrow());
            assertTrue(gpu.toString().contains(Bytes.format(gpu.memoryBytes())), gpu.toString());
            fxRun(() -> backends.setValue(gpu));
            String budget = ((Label) app.find("#plan-budget-text")).getText();
            assertTrue(budget.contains(gpu.name() + "'s " + Bytes.format(gpu.memoryBytes()) + " of device memory"), budget);
            // Streaming into the device: the plan says how many layers cross the bus, and forecasts from the upload rate.
            ChoiceBox<Residency> residency = app.find("#plan-residency");
            fxRun(() -> residency.setValue(Residency.STREAMING));
            Label upload = app.find("#plan-upload");
            waitUntil("the upload measurement", WAIT, () -> fx(upload::getText).contains("MB/s"));
            assertTrue(fx(upload::getText).startsWith("Uploads to " + gpu.name() + " at "), fx(upload::getText));
            assertEquals("streaming", ((Label) app.find("#plan-runs-as")).getText());
            String streams = ((Label) app.find("#plan-layers-streaming")).getText();
            assertTrue(streams.matches("\\d+ of \\d+ per token, through \\d+ device slots of .+"), streams);
            String host = ((Label) app.find("#plan-host-memory")).getText();
            assertTrue(host.matches(".+ \\(the process, the always-resident weights' copies, .+ of staging\\)"), host);
            Label effect = app.find("#plan-effect");
            assertTrue(fx(effect::getText).contains("layer cache holds every layer") || fx(effect::getText).contains("cross the bus"),
                    fx(effect::getText));

            app.click("#wizard-load");
            waitUntil("the model to load", WAIT, () -> app.context.state().getLoadedModel() != null);
            String device = app.context.state().getLoadedModel().transformer().backend().name();
            assertTrue(device.startsWith(gpu.name() + ": "), device);
            assertEquals(Residency.STREAMING, app.context.state().getLoadedModel().residency(), "streams into the device");
            waitUntil("the status bar to name the device", WAIT,
                    () -> fx(() -> ((Label) app.find("#status-backend")).getText()).equals(device));
        }
        ModelChoices remembered = new ModelLibrary(new DataFolder(data).modelsFile()).choicesFor(model).orElseThrow();
        assertEquals(choice, remembered.backend(), "the device is remembered for the next load");
    }

    @Test
    void aTruncatedFileShowsTheEnginesErrorInline() throws Exception {
        Path model = Fixtures.model("stories260K.gguf");
        Path truncated = files.resolve("truncated.gguf");
        Files.write(truncated, Arrays.copyOf(Files.readAllBytes(model), 4000));
        String engineMessage = assertThrows(GgufFormatException.class, () -> GgufFile.open(truncated).close()).getMessage();
        recent(truncated, 512);
        try (AppHarness app = AppHarness.open(data)) {
            app.click("#nav-models");
            chooseRecent(app, truncated);
            waitUntil("the error", WAIT, () -> app.stage.getScene().getRoot().lookup("#wizard-error") != null);
            assertEquals(engineMessage, ((Label) app.find("#wizard-error")).getText());
            assertTrue(((Button) app.find("#wizard-next")).isDisabled(), "a broken file cannot go on to the plan");
            assertNotNull(fx(() -> app.context.state().getLoadedModel() == null ? "no model" : null));
        }
    }

    /** The memory budget reaches down to what the model needs to stream, and says what it is a share of. */
    @Test
    void theBudgetGoesDownToWhatStreamingNeeds() throws Exception {
        Path model = Fixtures.model("stories260K.gguf");
        try (AppHarness app = reviewing(model, 128)) {
            app.click("#wizard-next");
            Slider budget = app.find("#plan-budget-slider");
            fxRun(() -> budget.setValue(budget.getMin()));
            long minimum;
            try (GgufFile file = GgufFile.open(model)) {
                minimum = MemoryPlan.of(file, ModelLoader.config(file), 128, GgmlType.F16).budgetForSlots(file, ReadMode.DIRECT, 1);
            }
            String text = ((Label) app.find("#plan-budget-text")).getText();
            assertTrue(text.matches(".+: .+% of this machine's .+ of RAM, for the whole process \\(JVM, weights, KV cache and scratch\\)"), text);
            assertEquals("streaming", ((Label) app.find("#plan-runs-as")).getText(), "the least budget streams");
            Label effect = app.find("#plan-effect");
            assertFalse(effect.getText().startsWith("The budget is below"), effect.getText());

            app.click("#wizard-load");
            waitUntil("the model to load", WAIT, () -> app.context.state().getLoadedModel() != null);
            assertEquals(Residency.STREAMING, app.context.state().getLoadedModel().residency());
            long used = app.context.state().getLoadedModel().metrics().snapshot().budgetBytes();
            assertTrue(used >= minimum && used < minimum + (1 << 20), "budget " + used + " at the minimum " + minimum);
        }
    }

    /** Any step reached can be clicked: after a load, a new model is one click away. */
    @Test
    void theStepsCanBeClickedSoANewModelIsOneClickAway() throws Exception {
        try (AppHarness app = reviewing(Fixtures.model("stories260K.gguf"), 128)) {
            assertTrue(((Hyperlink) app.find("#wizard-step-load")).isDisabled(), "not reached yet");
            app.click("#wizard-step-plan");
            assertNotNull(app.find("#plan-budget-slider"));
            app.click("#wizard-step-review");
            assertNotNull(app.find("#review-architecture"));
            app.click("#wizard-step-plan");
            app.click("#wizard-load");
            waitUntil("the chat to show", WAIT, () -> app.stage.getScene().getRoot().lookup("#chat-view") != null);

            app.click("#nav-models");
            app.click("#wizard-step-choose");
            assertNotNull(app.find("#wizard-drop-zone"), "one click from the finished load back to choosing a model");
            assertFalse(((Hyperlink) app.find("#wizard-step-load")).isDisabled(), "the load can be looked at again");
        }
    }

    @Test
    void defaultsComeFromTheSettings() {
        AppSettings settings = AppSettings.defaults().withDefaults(null, 3, Residency.STREAMING, 25);
        ModelChoices choices = ModelChoices.defaults(settings, 100_000);
        assertEquals(new ModelChoices("cpu", Residency.STREAMING, 25, 2, 3, 4096), choices);
    }
}
