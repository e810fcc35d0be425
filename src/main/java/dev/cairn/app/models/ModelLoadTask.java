package dev.cairn.app.models;

import dev.cairn.runtime.LoadOptions;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.runtime.Residency;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicReference;
import javafx.concurrent.Task;

/**
 * Loads a model off the FX thread. A resident model is then read through once, so its weights are in
 * memory before the first answer instead of faulting in during it; that read is what the progress bar
 * shows, and where Cancel takes effect (the model is closed again).
 */
public final class ModelLoadTask extends Task<LoadedModel> {

    private static final int CHUNK = 8 << 20;

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
        LoadedModel model = LoadedModel.open(file, options);
        opened.set(model);
        try {
            if (model.residency() == Residency.RESIDENT) {
                readIntoMemory();
            }
        } catch (IOException | RuntimeException e) {
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

    private void readIntoMemory() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long position = 0;
            updateMessage("Reading the weights into memory…");
            while (position < size && !isCancelled()) {
                buffer.clear();
                int n = channel.read(buffer, position);
                if (n <= 0) {
                    break;
                }
                position += n;
                updateProgress(position, size);
            }
        }
    }
}
