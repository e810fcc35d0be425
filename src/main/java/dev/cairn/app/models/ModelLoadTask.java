package dev.cairn.app.models;

import dev.cairn.runtime.LoadOptions;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.Residency;
import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufTensorInfo;
import dev.cairn.runtime.cache.NativeIo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import javafx.concurrent.Task;

/**
 * Loads a model off the FX thread. A resident model's mapped weights are then faulted in, so they are in
 * memory before the first answer instead of faulting in during it; that is what the progress bar shows,
 * and where Cancel takes effect (the model is closed again).
 */
public final class ModelLoadTask extends Task<LoadedModel> {

    private final Path file;
    private final LoadOptions options;
    /** The model opened, until handed over; whichever of call() and cancelled() sees a cancel closes it. */
    private final AtomicReference<LoadedModel> opened = new AtomicReference<>();

    public ModelLoadTask(Path file, LoadOptions options) {
        this.file = file;
        this.options = options;
    }

    @Override
    protected LoadedModel call() throws IOException {
        updateMessage("Opening " + file.getFileName() + "…");
        updateProgress(-1, 1);
        LoadedModel model = LoadedModel.open(file, options, (copied, total) -> {
            updateMessage("Copying the weights to the GPU…");
            updateProgress(copied, total);
        });
        opened.set(model);
        try {
            if (model.residency() == Residency.RESIDENT) {
                readIntoMemory(model);
            }
        } catch (RuntimeException e) {
            closeOpened();
            throw e;
        }
        if (isCancelled()) {
            closeOpened();
            return null;
        }
        updateProgress(1, 1);
        updateMessage("Loaded " + file.getFileName() + " (" + model.residency().label() + ")");
        return model;
    }

    @Override
    protected void cancelled() {
        closeOpened();
    }

    private void closeOpened() {
        LoadedModel model = opened.getAndSet(null);
        if (model != null) {
            model.close();
        }
    }

    /** Faults the mapped weights in tensor by tensor, with progress in bytes, until done or cancelled. */
    private void readIntoMemory(LoadedModel model) {
        GgufFile gguf = model.file();
        long total = 0;
        for (GgufTensorInfo tensor : gguf.tensors()) {
            total += tensor.byteSize();
        }
        updateMessage("Reading the weights into memory…");
        long done = 0;
        for (GgufTensorInfo tensor : gguf.tensors()) {
            if (isCancelled()) {
                return;
            }
            NativeIo.prefault(gguf.tensorData(tensor));
            done += tensor.byteSize();
            updateProgress(done, total);
        }
    }
}
