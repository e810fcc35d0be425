package dev.cairn.runtime.cache;

import dev.cairn.backend.Backend;
import dev.cairn.backend.DeviceSlots;
import dev.cairn.gguf.GgufFile;
import dev.cairn.model.LayerManifest;
import dev.cairn.model.LayerTensor;
import dev.cairn.runtime.metrics.EngineMetrics;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Streams layers into a GPU's memory: a layer is read from the file ({@link LayerReader}) into a free
 * host-visible staging buffer (one per I/O thread, so host memory does not grow with the GPU budget), then
 * uploaded into its slot's device buffers, on an I/O thread. The forward
 * pass computes on the device slot. Before a slot is refilled the work recorded on the layer it held must
 * have run: {@link #released} runs it ({@link Backend#finish}) for a layer that shares its slot, so the
 * uploads of the next layers, already queued, overlap the kernels of this one.
 */
final class DeviceSlotLoader extends ReadingLoader {

    private final CachePlan plan;
    private final Backend backend;
    private final EngineMetrics metrics;
    private final DeviceSlots device;
    private final long[][] offsets;      // (layers, streamed roles) where each tensor lies in the staging memory
    private final long[][] sizes;        // (layers, streamed roles) its bytes
    private final BlockingQueue<Integer> freeStagings;

    DeviceSlotLoader(GgufFile file, LayerManifest manifest, LayerLayout layout, CachePlan plan, ResidentCopies copies,
            Backend backend, ReadMode requested, int ioThreads, EngineMetrics metrics) throws IOException {
        // The mapping is host memory the device cannot copy from: streaming to a GPU reads into staging.
        super(file, layout, requested == ReadMode.MMAP ? ReadMode.BUFFERED : requested, plan.layers());
        this.plan = plan;
        this.backend = backend;
        this.metrics = metrics;
        List<LayerTensor> streamed = manifest.streamedRoles();
        offsets = new long[plan.layers()][streamed.size()];
        sizes = new long[plan.layers()][streamed.size()];
        for (int l = 0; l < plan.layers(); l++) {
            for (int p = 0; p < streamed.size(); p++) {
                offsets[l][p] = layout.tensorOffset(l, streamed.get(p));
                sizes[l][p] = manifest.info(l, streamed.get(p)).byteSize();
            }
        }
        DeviceSlots slots = null;
        try {
            slots = backend.deviceSlots(plan.slots(), placeBytes(manifest), ioThreads, layout.slotBytes());
            for (int l = 0; l < layers.length; l++) {
                int layer = l;
                int slot = plan.slotOf(l);
                DeviceSlots onDevice = slots;
                layers[l] = manifest.layer(l, role -> role.streams()
                                ? onDevice.staging(0).asSlice(layout.tensorOffset(layer, role), manifest.info(layer, role).byteSize())
                                : copies.bytes(manifest.info(layer, role)),
                        (role, tensor) -> role.streams()
                                ? onDevice.weight(slot, streamed.indexOf(role), tensor)
                                : backend.weight(tensor));
            }
        } catch (RuntimeException e) {
            if (slots != null) {
                slots.close();
            }
            reader.close();
            throw e;
        }
        this.device = slots;
        freeStagings = new ArrayBlockingQueue<>(ioThreads);
        for (int i = 0; i < ioThreads; i++) {
            freeStagings.add(i);
        }
    }

    /** Device bytes of each place of a slot (a streamed role): that role's largest tensor over the layers. */
    static long[] placeBytes(LayerManifest manifest) {
        List<LayerTensor> streamed = manifest.streamedRoles();
        long[] bytes = new long[streamed.size()];
        for (int p = 0; p < bytes.length; p++) {
            for (int l = 0; l < manifest.layers(); l++) {
                bytes[p] = Math.max(bytes[p], manifest.info(l, streamed.get(p)).byteSize());
            }
        }
        return bytes;
    }

    @Override
    public long load(int layer) throws IOException {
        int slot = plan.slotOf(layer);
        Integer staging;
        try {
            staging = freeStagings.take(); // one per I/O thread: never waits long
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted before reading layer " + layer, e);
        }
        try {
            long read = reader.read(layer, device.staging(staging));
            long bytes = 0;
            for (long size : sizes[layer]) {
                bytes += size;
            }
            long start = System.nanoTime();
            metrics.uploadStart(layer, slot, bytes);
            device.upload(staging, slot, offsets[layer], sizes[layer]);
            metrics.uploadEnd(layer, slot, bytes, System.nanoTime() - start);
            return read;
        } finally {
            freeStagings.add(staging);
        }
    }

    @Override
    public void released(int layer) {
        if (plan.isReadEveryPass(layer)) {
            backend.finish();
        }
    }

    @Override
    public long allocatedBytes() {
        return device.allocatedBytes();
    }

    @Override
    public void close() {
        backend.finish(); // work recorded on the slots (a pass that failed part-way) runs before they are freed
        reader.close();   // no read may still be writing into staging when it is freed
        device.close();
    }
}
