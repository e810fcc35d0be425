package dev.cairn.runtime.cache;

import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufKeys;
import dev.cairn.gguf.GgufTensorInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where each layer's matrices lie in the file, and where they go in a cache slot. A layer's tensors are
 * grouped into runs of nearby bytes; each run is read with one aligned positional read (alignment =
 * the file system block for {@code O_DIRECT}), so a slot holds a layer as a few aligned spans.
 */
final class LayerLayout {

    /** Tensors closer than this are read in one run, gap included. */
    private static final long MAX_GAP = 1 << 16;

    /** One aligned read: {@code length} bytes at {@code filePosition} into the slot at {@code slotOffset}. */
    record Run(long filePosition, long length, long slotOffset) {
    }

    private final Run[][] runs;              // (layers, runs)
    private final long[][] tensorOffsets;    // (layers, 7) slot offset of each LAYER_MATRICES tensor
    private final long[] layerBytes;         // (layers) bytes the runs read
    private final long slotBytes;

    LayerLayout(GgufFile file, int layers, long alignment) {
        runs = new Run[layers][];
        tensorOffsets = new long[layers][GgufKeys.LAYER_MATRICES.size()];
        layerBytes = new long[layers];
        long largest = 0;
        for (int l = 0; l < layers; l++) {
            largest = Math.max(largest, place(file, l, alignment));
        }
        slotBytes = largest;
    }

    private long place(GgufFile file, int layer, long alignment) {
        List<GgufTensorInfo> tensors = new ArrayList<>();
        for (String template : GgufKeys.LAYER_MATRICES) {
            tensors.add(file.tensor(GgufKeys.layer(layer, template)).orElseThrow());
        }
        List<GgufTensorInfo> byPosition = new ArrayList<>(tensors);
        byPosition.sort(Comparator.comparingLong(GgufTensorInfo::offset));
        List<Run> layerRuns = new ArrayList<>();
        long base = file.dataOffset();
        long slotEnd = 0;
        int i = 0;
        while (i < byPosition.size()) {
            long start = base + byPosition.get(i).offset();
            long end = start + byPosition.get(i).byteSize();
            int j = i + 1;
            while (j < byPosition.size() && base + byPosition.get(j).offset() - end <= MAX_GAP) {
                end = Math.max(end, base + byPosition.get(j).offset() + byPosition.get(j).byteSize());
                j++;
            }
            long alignedStart = start - Math.floorMod(start, alignment);
            long alignedEnd = end + Math.floorMod(-end, alignment);
            Run run = new Run(alignedStart, alignedEnd - alignedStart, slotEnd);
            layerRuns.add(run);
            for (int k = i; k < j; k++) {
                GgufTensorInfo t = byPosition.get(k);
                tensorOffsets[layer][tensors.indexOf(t)] = slotEnd + base + t.offset() - alignedStart;
            }
            slotEnd += run.length();
            i = j;
        }
        runs[layer] = layerRuns.toArray(Run[]::new);
        layerBytes[layer] = slotEnd;
        return slotEnd;
    }

    Run[] runs(int layer) {
        return runs[layer];
    }

    /** Slot offset of the {@code index}-th tensor of {@link GgufKeys#LAYER_MATRICES} in {@code layer}. */
    long tensorOffset(int layer, int index) {
        return tensorOffsets[layer][index];
    }

    long layerBytes(int layer) {
        return layerBytes[layer];
    }

    /** Bytes one slot needs to hold any layer. */
    long slotBytes() {
        return slotBytes;
    }
}
