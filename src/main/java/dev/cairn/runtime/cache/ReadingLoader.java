package dev.cairn.runtime.cache;

import dev.cairn.gguf.GgufFile;
import dev.cairn.model.Layer;
import java.io.IOException;

/**
 * What the loaders that read layers into slots of their own share ({@link SlotLoader} in host memory,
 * {@link DeviceSlotLoader} in a GPU's): the reader, the layout, and each layer built once on its slot.
 * The slots are private copies: nothing can change under a loaded layer, and the next load overwrites it.
 */
abstract class ReadingLoader implements LayerLoader {

    final LayerReader reader;
    final LayerLayout layout;
    final Layer[] layers;      // (layers) each on its slot, built by the subclass

    ReadingLoader(GgufFile file, LayerLayout layout, ReadMode requested, int layerCount) throws IOException {
        this.layout = layout;
        this.reader = new LayerReader(file, layout, requested);
        this.layers = new Layer[layerCount];
    }

    @Override
    public Layer layer(int layer) {
        return layers[layer];
    }

    @Override
    public long bytes(int layer) {
        return layout.layerBytes(layer);
    }

    @Override
    public void checkBeforeUse(int layer) {
        // the slot is a private copy: nothing can change under it
    }

    @Override
    public void evict(int layer) {
        // nothing to release: the next load overwrites the slot
    }

    @Override
    public ReadMode mode() {
        return reader.mode();
    }
}
