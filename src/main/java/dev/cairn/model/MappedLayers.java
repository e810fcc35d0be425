package dev.cairn.model;

import dev.cairn.backend.Backend;
import dev.cairn.gguf.GgufFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Every layer resident where the model file maps it: nothing to load, nothing to wait for. */
public final class MappedLayers implements LayerSource {

    private final GgufFile file;
    private final List<Layer> layers;

    public MappedLayers(GgufFile file, LayerManifest manifest, Backend backend) {
        this.file = file;
        List<Layer> built = new ArrayList<>(manifest.layers());
        for (int l = 0; l < manifest.layers(); l++) {
            int layer = l;
            built.add(manifest.layer(l, role -> file.tensorData(manifest.info(layer, role)), backend));
        }
        this.layers = List.copyOf(built);
    }

    @Override
    public Layer acquire(int layer) {
        return layers.get(layer);
    }

    @Override
    public void release(int layer) {
    }

    @Override
    public void passEnd(int tokens) {
    }

    @Override
    public void explain(Throwable failure) {
        try {
            file.checkUnchanged();
        } catch (IOException e) {
            UncheckedIOException changed = new UncheckedIOException(e.getMessage(), e);
            changed.addSuppressed(failure);
            throw changed;
        }
    }

    @Override
    public void close() {
    }
}
