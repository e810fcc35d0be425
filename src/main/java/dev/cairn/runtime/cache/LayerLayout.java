package dev.cairn.runtime.cache;

import dev.cairn.gguf.GgufFile;
import dev.cairn.gguf.GgufTensorInfo;
import dev.cairn.model.LayerManifest;
import dev.cairn.model.LayerTensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where each layer's matrices (the {@link LayerManifest}'s streamed tensors) lie in the file, and where they
 * go in a cache slot. A layer's tensors are
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
    private final long[][] tensorOffsets;    // (layers, LayerTensor count) slot offset of each streamed tensor
    private final long[] layerBytes;         // (layers) bytes the runs read
    private final long slotBytes;

    LayerLayout(GgufFile file, LayerManifest manifest, long alignment) {
        int layers = manifest.layers();
        runs = new Run[layers][];
        tensorOffsets = new long[layers][LayerTensor.values().length];
        layerBytes = new long[layers];
        long largest = 0;
        for (int l = 0; l < layers; l++) {
            largest = Math.max(largest, place(file, manifest, l, alignment));
        }
        slotBytes = largest;
    }

    private long place(GgufFile file, LayerManifest manifest, int layer, long alignment) {
        List<LayerTensor> roles = manifest.streamedRoles();
        List<GgufTensorInfo> tensors = roles.stream().map(role -> manifest.info(layer, role)).toList();
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
                tensorOffsets[layer][roles.get(tensors.indexOf(t)).ordinal()] = slotEnd + base + t.offset() - alignedStart;
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

    /** Slot offset of {@code layer}'s streamed tensor {@code role}. */
    long tensorOffset(int layer, LayerTensor role) {
        return tensorOffsets[layer][role.ordinal()];
    }

    long layerBytes(int layer) {
        return layerBytes[layer];
    }

    /** Bytes one slot needs to hold any layer. */
    long slotBytes() {
        return slotBytes;
    }
}
