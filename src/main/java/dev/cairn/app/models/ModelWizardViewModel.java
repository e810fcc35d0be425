package dev.cairn.app.models;

import dev.cairn.app.core.AppContext;
import dev.cairn.app.core.AppEvents;
import dev.cairn.app.core.DemoModel;
import dev.cairn.app.core.ViewId;
import dev.cairn.gguf.GgufFile;
import dev.cairn.model.LayerManifest;
import dev.cairn.runtime.BackendChoice;
import dev.cairn.runtime.Bytes;
import dev.cairn.runtime.LoadOptions;
import dev.cairn.runtime.MemoryBudget;
import dev.cairn.runtime.UploadRates;
import dev.cairn.runtime.cache.StreamingLayers;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.MemoryPlan;
import dev.cairn.runtime.ModelSummary;
import dev.cairn.runtime.PlanEstimate;
import dev.cairn.runtime.Residency;
import dev.cairn.runtime.cache.DiskProbe;
import dev.cairn.tensor.quant.GgmlType;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * The model wizard: choose a GGUF file, review what its header says, plan memory and residency, load.
 * Everything that touches the file runs on the engine's background threads.
 */
public final class ModelWizardViewModel {

    /** Enough of the file to time the disk, little enough to answer at once. */
    private static final long DISK_SAMPLE_BYTES = 64L << 20;

    private final AppContext app;
    private final ModelLibrary library;
    private final DownloadedModels downloaded;
    private final ObjectProperty<WizardStep> step = new SimpleObjectProperty<>(this, "step", WizardStep.CHOOSE);
    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>(this, "file");
    private final ReadOnlyObjectWrapper<ModelSummary> summary = new ReadOnlyObjectWrapper<>(this, "summary");
    private final StringProperty error = new SimpleStringProperty(this, "error");
    private final ObservableList<BackendOption> backends = FXCollections.observableArrayList(BackendOption.cpuOnly());
    private final ObjectProperty<BackendOption> backend = new SimpleObjectProperty<>(this, "backend", backends.getFirst());
    private String wantedBackend = "cpu"; // the stored choice, selected once the devices are known
    private final ObjectProperty<Residency> residency = new SimpleObjectProperty<>(this, "residency", Residency.AUTO);
    private final DoubleProperty budgetPercent = new SimpleDoubleProperty(this, "budgetPercent", 60);
    private final ObjectProperty<Integer> prefetch = new SimpleObjectProperty<>(this, "prefetch", 2);
    private final ObjectProperty<Integer> threads = new SimpleObjectProperty<>(this, "threads", 1);
    private final ObjectProperty<Integer> context = new SimpleObjectProperty<>(this, "context", 512);
    private final DoubleProperty diskBytesPerSecond = new SimpleDoubleProperty(this, "diskBytesPerSecond");
    private final StringProperty diskSpeed = new SimpleStringProperty(this, "diskSpeed", "");
    private final DoubleProperty uploadBytesPerSecond = new SimpleDoubleProperty(this, "uploadBytesPerSecond");
    private final StringProperty uploadSpeed = new SimpleStringProperty(this, "uploadSpeed", "");
    private final ReadOnlyObjectWrapper<PlanEstimate> estimate = new ReadOnlyObjectWrapper<>(this, "estimate");
    private final ReadOnlyObjectWrapper<ModelLoadTask> loading = new ReadOnlyObjectWrapper<>(this, "loading");
    private final BooleanBinding canGoNext = Bindings.createBooleanBinding(() -> switch (step.get()) {
        case CHOOSE -> summary.get() != null;
        case REVIEW -> summary.get() != null && error.get() == null;
        case PLAN, LOAD -> false;
    }, step, summary, error);
    private final BooleanBinding canLoad = Bindings.createBooleanBinding(() -> step.get() == WizardStep.PLAN
            && estimate.get() != null && estimate.get().problem() == null, step, estimate);
    private GgufFile openFile;

    public ModelWizardViewModel(AppContext app) {
        this.app = app;
        this.library = new ModelLibrary(app.dataFolder().modelsFile());
        this.downloaded = new DownloadedModels(app);
        recent.setAll(library.recent());
        for (var input : new Observable[] {summary, residency, budgetPercent, prefetch, context, backend, diskBytesPerSecond,
                uploadBytesPerSecond}) {
            input.addListener(o -> updateEstimate());
        }
        backend.subscribe(this::measureUploads);
        app.events().subscribe(AppEvents.LoadModel.class, request -> choose(request.file(), true));
        app.events().subscribe(AppEvents.LoadDemoModel.class, request -> loadDemo());
        probeDevices();
    }

    /** Asks the Vulkan driver for its devices in the background (it takes a moment) and lists them beside the CPU. */
    private void probeDevices() {
        Task<List<BackendOption>> probe = new Task<>() {
            @Override
            protected List<BackendOption> call() {
                return BackendOption.probe();
            }
        };
        probe.setOnSucceeded(e -> {
            // Added beside the CPU, not replacing the list: replacing it would clear the choice box's selection.
            probe.getValue().stream().filter(option -> !backends.contains(option)).forEach(backends::add);
            selectBackend(wantedBackend);
        });
        app.threads().background().execute(probe);
    }

    /** Selects the device a stored choice names, or the CPU where it is not (yet) listed. */
    private void selectBackend(String stored) {
        backend.set(backends.stream().filter(b -> b.isChoice(stored)).findFirst().orElse(backends.getFirst()));
    }

    /** Loads the built-in demo model, copying it into the data folder first if needed. */
    public void loadDemo() {
        Task<Path> install = new Task<>() {
            @Override
            protected Path call() throws Exception {
                return DemoModel.install(app.dataFolder());
            }
        };
        install.setOnSucceeded(e -> choose(install.getValue(), true));
        install.setOnFailed(e -> {
            file.set(DemoModel.location(app.dataFolder()));
            error.set("The demo model could not be installed: " + describe(install.getException()));
            step.set(WizardStep.REVIEW);
        });
        app.threads().background().execute(install);
    }

    /** Reads the header of {@code path} (no weights) and shows the Review step, or the error in it. */
    public void choose(Path path) {
        choose(path, false);
    }

    private void choose(Path path, boolean loadRightAway) {
        closeOpenFile();
        file.set(path);
        summary.set(null);
        error.set(null);
        diskBytesPerSecond.set(0);
        diskSpeed.set("");
        Task<OpenedModel> read = new Task<>() {
            @Override
            protected OpenedModel call() throws Exception {
                GgufFile gguf = GgufFile.open(path);
                try {
                    return new OpenedModel(gguf, ModelSummary.of(gguf));
                } catch (RuntimeException e) {
                    gguf.close();
                    throw e;
                }
            }
        };
        read.setOnSucceeded(e -> {
            OpenedModel opened = read.getValue();
            if (!path.equals(file.get())) {
                opened.file().close();
                return;
            }
            openFile = opened.file();
            applyChoices(path, opened.summary());
            summary.set(opened.summary());
            if (loadRightAway) {
                load(); // the plan step is skipped, and a disk probe would compete with the load's reads
            } else {
                measureDisk(path);
            }
        });
        read.setOnFailed(e -> error.set(describe(read.getException())));
        step.set(WizardStep.REVIEW);
        app.threads().background().execute(read);
    }

    private record OpenedModel(GgufFile file, ModelSummary summary) {
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        if (failure instanceof NoSuchFileException missing) {
            message = missing.getFile() + ": no such file";
        }
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    private void applyChoices(Path path, ModelSummary model) {
        ModelChoices choices = library.choicesFor(path)
                .orElseGet(() -> ModelChoices.defaults(app.settings().get(), model.contextLength()));
        wantedBackend = choices.backend();
        selectBackend(wantedBackend);
        residency.set(choices.residency());
        budgetPercent.set(choices.budgetPercent());
        prefetch.set(choices.prefetch());
        threads.set(choices.threads());
        context.set(choices.context());
    }

    private void measureDisk(Path path) {
        Task<DiskProbe.Result> probe = new Task<>() {
            @Override
            protected DiskProbe.Result call() throws Exception {
                return DiskProbe.measure(path, DISK_SAMPLE_BYTES);
            }
        };
        probe.setOnSucceeded(e -> {
            DiskProbe.Result result = probe.getValue();
            diskBytesPerSecond.set(result.bytesPerSecond());
            diskSpeed.set(String.format(Locale.ROOT, "Read %s of the file at %.0f MB/s%s.",
                    Bytes.format(result.bytes()), result.bytesPerSecond() / 1e6,
                    result.direct() ? " (direct, bypassing the page cache)" : " (through the page cache)"));
        });
        probe.setOnFailed(e -> diskSpeed.set("Could not measure the disk: " + describe(probe.getException())));
        app.threads().background().execute(probe);
    }

    /**
     * Measures how fast a GPU takes uploads (once per device: {@link UploadRates}), in the background, for the
     * forecast of layers streaming into it; nothing to measure for the CPU.
     */
    private void measureUploads(BackendOption option) {
        uploadBytesPerSecond.set(0);
        uploadSpeed.set("");
        BackendChoice choice = option == null ? BackendChoice.CPU : BackendChoice.parse(option.backend());
        if (choice.kind() != BackendChoice.Kind.GPU || choice.device() == BackendChoice.ANY_DEVICE) {
            return;
        }
        Task<Double> probe = new Task<>() {
            @Override
            protected Double call() {
                return UploadRates.of(choice.gpu(), choice.device());
            }
        };
        probe.setOnSucceeded(e -> {
            if (option.equals(backend.get())) {
                uploadBytesPerSecond.set(probe.getValue());
                uploadSpeed.set(String.format(Locale.ROOT, "Uploads to %s at %.0f MB/s (a host-to-device copy, measured once).",
                        option.name(), probe.getValue() / 1e6));
            }
        });
        probe.setOnFailed(e -> {
            if (option.equals(backend.get())) {
                uploadSpeed.set("Could not measure uploads to " + option.name() + ": " + describe(probe.getException()));
            }
        });
        app.threads().background().execute(probe);
    }

    private void updateEstimate() {
        ModelSummary model = summary.get();
        if (model == null || openFile == null || context.get() == null) {
            estimate.set(null);
            return;
        }
        estimate.set(estimate(openFile, model, choices(), backend.get().memoryBytes(), diskBytesPerSecond.get(),
                uploadBytesPerSecond.get()));
    }

    /**
     * The plan of {@code choices} for {@code model} in {@code file}: against the machine's memory on the CPU,
     * against a GPU's {@code memoryBytes} on a GPU (weights within the budget, KV cache and scratch there, the
     * rest streaming through device slots at {@code uploadBytesPerSecond}, 0 while unknown).
     */
    static PlanEstimate estimate(GgufFile file, ModelSummary model, ModelChoices choices, long memoryBytes,
            double diskBytesPerSecond, double uploadBytesPerSecond) {
        MemoryPlan plan = MemoryPlan.of(file, model.config(), choices.context(), GgmlType.F16);
        long budget = Math.round(memoryBytes * choices.budgetPercent() / 100);
        if (BackendChoice.parse(choices.backend()).kind() != BackendChoice.Kind.GPU) {
            long minimum = plan.budgetForSlots(file, choices.loadOptions().readMode(), 1);
            return new PlanEstimate(plan, choices.residency(), budget, minimum, choices.prefetch(), diskBytesPerSecond);
        }
        LayerManifest manifest = LayerManifest.of(file, model.config());
        long slotBytes = StreamingLayers.deviceSlotBytes(manifest);
        long stagingBytes = StreamingLayers.deviceStagingBytes(file, manifest, choices.loadOptions().ioThreads());
        return new PlanEstimate(plan, choices.residency(), budget, PlanEstimate.minimumDeviceBudget(plan, slotBytes),
                choices.prefetch(), diskBytesPerSecond,
                new PlanEstimate.Device(memoryBytes, slotBytes, stagingBytes, uploadBytesPerSecond));
    }

    /** The chosen budget in bytes: its share of the backend's memory. */
    public long budgetBytes() {
        return Math.round(backend.get().memoryBytes() * budgetPercent.get() / 100);
    }

    public ModelChoices choices() {
        return new ModelChoices(backend.get().backend(), residency.get(), budgetPercent.get(),
                prefetch.get(), threads.get(), context.get());
    }

    /** Loads the chosen file with the chosen plan; when done the model becomes the app's and the chat shows. */
    public void load() {
        Path path = file.get();
        ModelChoices choices = choices();
        LoadOptions options = choices.loadOptions();
        PlanEstimate planned = estimate.get();
        if (planned != null && planned.device() != null) {
            // On a GPU the budget is the device's: the weights get what the KV cache and scratch leave of it.
            options = options.withBudget(MemoryBudget.DEFAULT)
                    .withGpuBudget(MemoryBudget.ofBytes(Math.max(1, planned.deviceWeightsBytes())));
        }
        ModelLoadTask task = new ModelLoadTask(path, options);
        task.setOnSucceeded(e -> {
            LoadedModel model = task.getValue();
            library.remember(path, choices);
            recent.setAll(library.recent());
            app.state().replaceModel(model);
            app.events().publish(new AppEvents.ShowView(ViewId.CHATS));
        });
        loading.set(task);
        step.set(WizardStep.LOAD);
        app.threads().background().execute(task);
    }

    /** Cancels the load in progress and goes back to the plan. */
    public void cancelLoad() {
        ModelLoadTask task = loading.get();
        if (task != null && task.isRunning()) {
            task.cancel();
        }
        step.set(WizardStep.PLAN);
    }

    public BooleanBinding canGoNext() {
        return canGoNext;
    }

    public BooleanBinding canLoad() {
        return canLoad;
    }

    /** Whether {@code target} has been reached: Choose always, Review once a file is chosen, and so on. */
    public BooleanBinding canShow(WizardStep target) {
        return Bindings.createBooleanBinding(() -> reached(target), file, summary, error, loading);
    }

    private boolean reached(WizardStep target) {
        return switch (target) {
            case CHOOSE -> true;
            case REVIEW -> file.get() != null;
            case PLAN -> summary.get() != null && error.get() == null;
            case LOAD -> loading.get() != null;
        };
    }

    /** Goes to {@code target} if it has been reached; leaving a load in progress cancels it. */
    public void show(WizardStep target) {
        if (!reached(target) || target == step.get()) {
            return;
        }
        if (step.get() == WizardStep.LOAD) {
            cancelLoad();
        }
        step.set(target);
    }

    public void next() {
        if (canGoNext.get()) {
            step.set(WizardStep.values()[step.get().ordinal() + 1]);
        }
    }

    public void back() {
        if (step.get() == WizardStep.LOAD) {
            cancelLoad();
        } else if (step.get() != WizardStep.CHOOSE) {
            step.set(WizardStep.values()[step.get().ordinal() - 1]);
        }
    }

    private void closeOpenFile() {
        if (openFile != null) {
            openFile.close();
            openFile = null;
        }
    }

    public ObjectProperty<WizardStep> stepProperty() {
        return step;
    }

    public ObservableList<Path> recentModels() {
        return recent;
    }

    /** The models in the models folder, for the Choose step. */
    public DownloadedModels downloaded() {
        return downloaded;
    }

    public ReadOnlyObjectProperty<Path> fileProperty() {
        return file.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ModelSummary> summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public StringProperty errorProperty() {
        return error;
    }

    public ObservableList<BackendOption> backends() {
        return backends;
    }

    public ObjectProperty<BackendOption> backendProperty() {
        return backend;
    }

    public ObjectProperty<Residency> residencyProperty() {
        return residency;
    }

    public DoubleProperty budgetPercentProperty() {
        return budgetPercent;
    }

    public ObjectProperty<Integer> prefetchProperty() {
        return prefetch;
    }

    public ObjectProperty<Integer> threadsProperty() {
        return threads;
    }

    public ObjectProperty<Integer> contextProperty() {
        return context;
    }

    public StringProperty diskSpeedProperty() {
        return diskSpeed;
    }

    /** How fast the chosen GPU takes uploads, in words; empty for the CPU and while measuring. */
    public StringProperty uploadSpeedProperty() {
        return uploadSpeed;
    }

    public ReadOnlyObjectProperty<PlanEstimate> estimateProperty() {
        return estimate.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ModelLoadTask> loadingProperty() {
        return loading.getReadOnlyProperty();
    }
}
