package dev.cairn.gpu.vulkan;

import dev.cairn.backend.Activation;
import dev.cairn.backend.Backend;
import dev.cairn.backend.BackendUnavailableException;
import dev.cairn.backend.DeviceSlots;
import dev.cairn.backend.KvCache;
import dev.cairn.backend.KvShape;
import dev.cairn.backend.LayerTimer;
import dev.cairn.backend.RopeType;
import dev.cairn.backend.Rotary;
import dev.cairn.backend.Weight;
import dev.cairn.gpu.LayerClock;
import dev.cairn.gpu.RopeAngles;
import dev.cairn.gpu.Shapes;
import dev.cairn.tensor.Tensor;
import dev.cairn.tensor.quant.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * Computes on a Vulkan device: weights are copied into device memory once, activations and the KV cache
 * live there, and operations are recorded into one command buffer (a barrier between dependent steps)
 * that runs when the logits are read back. Kernels are GLSL compute shaders compiled at first use.
 */
public final class VulkanBackend implements Backend {

    private static final int GROUP = 64;            // invocations per workgroup of every kernel
    private static final int MAX_GROUPS = 65535;    // per dispatch dimension, what every device allows
    private static final int MATMUL_TILE = 8;       // tokens per workgroup of matmul.comp
    private static final int ROWS_PER_GROUP = 8;    // rows per workgroup of matvec.comp and matmul.comp
    private static final int MAX_HEAD_DIM = 256;    // attention.comp's shared query
    private static final int UPDATE_BYTES = 65536;  // most bytes one vkCmdUpdateBuffer writes
    private static final long STAGING_BYTES = 16L << 20;
    private static final int WEIGHT_PADDING = 16;   // the kernels read whole words, four elements at a time (weight_row.glsl)

    private final VulkanContext vk;
    private final long maxBufferBytes;  // the most one buffer binding spans on this device
    private final long weightPartBytes; // the most one part of a weight holds
    private final Params params = new Params();
    private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
    private final LongConsumer copied; // told of every piece of weights copied to the device: load progress
    private final List<GpuBuffer> weightBuffers = new ArrayList<>();
    private GpuBuffer staging;      // resident weights go to the device through it
    private Transfers.Lane lane;    // ... and its uploads
    private GpuBuffer readback;
    private GpuBuffer angles;       // (count, pairs) of (cos, sin) for the rope of the current pass
    private final RopeAngles ropeAngles = new RopeAngles(); // the same on the host

    /** Opens Vulkan device {@code index} (see {@link VulkanDevices#list()}). */
    public VulkanBackend(int index) {
        this(index, bytes -> { });
    }

    /** As {@link #VulkanBackend(int)}, telling {@code copiedBytes} of every piece of weights copied to the device. */
    public VulkanBackend(int index, LongConsumer copiedBytes) {
        this(index, Long.MAX_VALUE, true, copiedBytes);
    }

    /**
     * As {@link #VulkanBackend(int)} with weight buffers of at most {@code weightPartLimit} bytes, and subgroup
     * operations only where {@code subgroups} (tests split tensors and run the shared-memory reductions so).
     */
    VulkanBackend(int index, long weightPartLimit, boolean subgroups) {
        this(index, weightPartLimit, subgroups, bytes -> { });
    }

    private VulkanBackend(int index, long weightPartLimit, boolean subgroups, LongConsumer copiedBytes) {
        this.vk = new VulkanContext(index, subgroups);
        this.copied = copiedBytes;
        // Offsets inside a binding are 32-bit in the shaders: stay below 2 GiB even where the device allows more.
        this.maxBufferBytes = Math.min(vk.info.maxStorageBufferRange(), 1L << 31) & ~3L;
        this.weightPartBytes = Math.min(maxBufferBytes, weightPartLimit);
    }

    @Override
    public String name() {
        return "Vulkan " + vk.info.index() + ": " + vk.info.name() + " (" + vk.info.type() + ", " + vk.info.driver() + ")";
    }

    @Override
    public OptionalLong deviceMemoryBytes() {
        return OptionalLong.of(vk.info.deviceLocalBytes());
    }

    @Override
    public boolean timeLayers(LayerTimer timer) {
        return vk.timeLayers(new LayerClock(timer));
    }

    @Override
    public void beginLayer(int layer) {
        vk.layerBegins(layer);
    }

    @Override
    public void endLayer(int layer) {
        vk.layerEnds();
    }

    @Override
    public Weight weight(Tensor tensor) {
        if (tensor.rows() == 1) {
            return vectorWeight(tensor);
        }
        long rowBytes = tensor.type().bytesFor(tensor.cols());
        int rowsPerPart = (int) Math.min(tensor.rows(), (weightPartBytes - WEIGHT_PADDING) / rowBytes);
        if (rowsPerPart < 1) {
            throw new BackendUnavailableException(tensor.name() + ": one row of " + rowBytes + " bytes is more than the "
                    + weightPartBytes + " bytes a Vulkan buffer binding may span on " + vk.info.name());
        }
        List<VulkanWeight.Part> parts = new ArrayList<>();
        for (int first = 0; first < tensor.rows(); first += rowsPerPart) {
            int rows = Math.min(rowsPerPart, tensor.rows() - first);
            GpuBuffer buffer = deviceBuffer(rows * rowBytes + WEIGHT_PADDING);
            weightBuffers.add(buffer);
            upload(tensor.data().asSlice(first * rowBytes, rows * rowBytes), buffer);
            parts.add(new VulkanWeight.Part(buffer, first, rows));
        }
        return new VulkanWeight(tensor.name(), tensor.type(), tensor.rows(), tensor.cols(), rowBytes, parts);
    }

    @Override
    public DeviceSlots deviceSlots(int slots, long[] placeBytes, int stagings, long stagingBytes) {
        return new VulkanLayerSlots(vk, slots, placeBytes, stagings, stagingBytes,
                bytes -> deviceBuffer(bytes + WEIGHT_PADDING), open);
    }

    /** Activations, KV caches and layer slots allocated and not yet closed: what {@link #close} would free. */
    int openAllocations() {
        return open.size();
    }

    @Override
    public void finish() {
        vk.submit();
    }

    private Weight vectorWeight(Tensor tensor) {
        float[] values = tensor.toFloats();
        GpuBuffer buffer = deviceBuffer((long) Float.BYTES * values.length);
        weightBuffers.add(buffer);
        upload(MemorySegment.ofArray(values), buffer);
        return new VulkanWeight(tensor.name(), GgmlType.F32, 1, values.length, (long) Float.BYTES * values.length,
                List.of(new VulkanWeight.Part(buffer, 0, 1)));
    }

    /** Copies {@code bytes} into the start of {@code to} through the staging buffer, as streamed layers go. */
    private void upload(MemorySegment bytes, GpuBuffer to) {
        if (staging == null) {
            staging = vk.buffer(STAGING_BYTES, GpuBuffer.Use.STAGING);
            lane = vk.transfers.lane();
        }
        long[] from = {0};
        long[] at = new long[1];
        long[] size = new long[1];
        for (long done = 0; done < bytes.byteSize(); done += STAGING_BYTES) {
            long n = Math.min(STAGING_BYTES, bytes.byteSize() - done);
            MemorySegment.copy(bytes, done, staging.mapped(), 0, n);
            at[0] = done;
            size[0] = n;
            lane.copy(staging, from, new GpuBuffer[] {to}, at, size); // the staging buffer is free again when it returns
            copied.accept(n);
        }
    }

    /** A device buffer of at least {@code bytes} (rounded up to whole 32-bit words, as the kernels read). */
    private GpuBuffer deviceBuffer(long bytes) {
        long size = Math.max(4, (bytes + 3) & ~3L);
        if (size > maxBufferBytes) {
            throw new BackendUnavailableException("a buffer of " + size + " bytes is more than the " + maxBufferBytes
                    + " bytes a Vulkan buffer binding may span on " + vk.info.name());
        }
        return vk.buffer(size, GpuBuffer.Use.DEVICE);
    }

    @Override
    public Activation activation(int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("an activation has at least one row and column, not " + rows + " x " + cols);
        }
        return new VulkanActivation(deviceBuffer(Activation.bytes(rows, cols)), rows, cols, open);
    }

    @Override
    public KvCache kvCache(KvShape shape) {
        if (shape.kvDim() % 2 != 0 || shape.headDim() > MAX_HEAD_DIM) {
            throw new BackendUnavailableException("the Vulkan kernels take heads of an even width up to " + MAX_HEAD_DIM
                    + ", not " + shape.kvHeads() + " x " + shape.headDim());
        }
        return new VulkanKvCache(shape, this::deviceBuffer, open);
    }

    @Override
    public void embed(Weight table, int[] tokens, int from, int count, Activation out) {
        VulkanWeight w = gpu(table);
        Kernel kernel = vk.kernel("embed", w.type(), 2);
        vk.barrier();
        for (int t = 0; t < count; t++) {
            VulkanWeight.Part part = w.partOf(tokens[from + t]);
            dispatch(kernel, new long[] {part.buffer().handle, gpu(out).buffer.handle},
                    params.of(w.cols(), (int) w.rowBytes(), tokens[from + t] - part.firstRow(), t), groups(w.cols()), 1);
        }
    }

    @Override
    public void rmsNorm(Activation x, Weight weight, float eps, Activation out, int count) {
        normalize(gpu(x), gpu(weight), eps, gpu(out), x.cols(), count);
    }

    @Override
    public void rmsNormHeads(Activation x, Weight weight, float eps, int count) {
        int headDim = weight.cols();
        normalize(gpu(x), gpu(weight), eps, gpu(x), headDim, count * (x.cols() / headDim));
    }

    /** RMS norm of {@code segments} runs of {@code size} floats, each with the same weight vector. */
    private void normalize(VulkanActivation x, VulkanWeight weight, float eps, VulkanActivation out, int size, int segments) {
        vk.barrier();
        dispatch(vk.kernel("rms_norm", GgmlType.F32, 3), new long[] {x.buffer.handle, weight.vector().handle, out.buffer.handle},
                params.of(size).and(eps), segments, 1);
    }

    @Override
    public void matMul(Activation x, Weight[] ws, Activation[] outs, int count) {
        vk.barrier(); // the matrices share the input and write different outputs: no barrier between them
        for (int i = 0; i < ws.length; i++) {
            VulkanWeight w = gpu(ws[i]);
            Shapes.checkMatMul(w, x, outs[i], count);
            // One token (decode) takes the mat-vec kernel; a prompt batch the mat-mul that decodes each weight once per tile.
            Kernel kernel = vk.kernel(count == 1 ? "matvec" : "matmul", w.type(), 3);
            for (VulkanWeight.Part part : w.parts()) {
                for (int first = 0; first < part.rows(); first += MAX_GROUPS * ROWS_PER_GROUP) {
                    int rows = Math.min(MAX_GROUPS * ROWS_PER_GROUP, part.rows() - first);
                    long[] buffers = {part.buffer().handle, gpu(x).buffer.handle, gpu(outs[i]).buffer.handle};
                    int groups = (rows + ROWS_PER_GROUP - 1) / ROWS_PER_GROUP;
                    if (count == 1) {
                        dispatch(kernel, buffers, params.of(w.cols(), (int) w.rowBytes(), first, part.firstRow() + first, rows),
                                groups, 1);
                    } else {
                        dispatch(kernel, buffers, params.of(w.cols(), (int) w.rowBytes(), first, part.firstRow() + first,
                                outs[i].cols(), count, rows), groups, (count + MATMUL_TILE - 1) / MATMUL_TILE);
                    }
                }
            }
        }
    }

    @Override
    public void addBias(Activation x, Weight bias, int count) {
        int n = count * x.cols();
        vk.barrier();
        dispatchElements(vk.kernel("add", GgmlType.F32, 2), new long[] {gpu(x).buffer.handle, gpu(bias).vector().handle},
                params.of(n, x.cols()), n);
    }

    @Override
    public void add(Activation acc, Activation x, int count) {
        int n = count * acc.cols();
        vk.barrier();
        dispatchElements(vk.kernel("add", GgmlType.F32, 2), new long[] {gpu(acc).buffer.handle, gpu(x).buffer.handle},
                params.of(n, n), n);
    }

    @Override
    public void swiGlu(Activation gate, Activation up, int count) {
        int n = count * gate.cols();
        vk.barrier();
        dispatchElements(vk.kernel("swiglu", GgmlType.F32, 2), new long[] {gpu(gate).buffer.handle, gpu(up).buffer.handle},
                params.of(n), n);
    }

    @Override
    public void rope(Activation q, Activation k, int headDim, Rotary rotary, int firstPosition, int count) {
        int pairs = rotary.pairs();
        writeAngles(rotary, firstPosition, count);
        int n = count * (q.cols() / headDim + k.cols() / headDim) * pairs;
        vk.barrier();
        dispatchElements(vk.kernel("rope", GgmlType.F32, 3),
                new long[] {gpu(q).buffer.handle, gpu(k).buffer.handle, angles.handle},
                params.of(q.cols(), k.cols(), headDim, pairs, rotary.layout() == RopeType.HALVES ? 1 : 0, count), n);
    }

    /** Writes the angles of this pass's rope into {@code angles} where they changed (once per pass: every layer rotates alike). */
    private void writeAngles(Rotary rotary, int firstPosition, int count) {
        ByteBuffer table = ropeAngles.changed(rotary, firstPosition, count);
        if (table == null) {
            return;
        }
        int bytes = table.remaining();
        if (angles == null || angles.size < bytes) {
            vk.submit(); // recorded work may still read the old buffer
            if (angles != null) {
                angles.close();
            }
            angles = deviceBuffer(bytes);
        }
        vk.barrier();
        for (int at = 0; at < bytes; at += UPDATE_BYTES) {
            vk.update(angles, at, table.slice(at, Math.min(UPDATE_BYTES, bytes - at)));
        }
    }

    @Override
    public void kvAppend(KvCache kv, int layer, Activation k, Activation v, int firstPosition, int count) {
        VulkanKvCache cache = gpu(kv);
        int kvDim = cache.shape().kvDim();
        vk.barrier();
        dispatchElements(vk.kernel("kv_append", cache.shape().type(), 4),
                new long[] {gpu(k).buffer.handle, gpu(v).buffer.handle, cache.keys.get(layer).handle, cache.values.get(layer).handle},
                params.of(kvDim, firstPosition, count), count * kvDim / 2);
    }

    /** Attention per (head, token) workgroup with an online softmax. */
    @Override
    public void attention(KvCache kv, int layer, Activation q, Activation out, int firstPosition,
            int count) {
        VulkanKvCache cache = gpu(kv);
        KvShape shape = cache.shape();
        int heads = Shapes.attentionHeads(shape, q, out, firstPosition, count);
        vk.barrier();
        dispatch(vk.kernel("attention", shape.type(), 4),
                new long[] {gpu(q).buffer.handle, gpu(out).buffer.handle, cache.keys.get(layer).handle, cache.values.get(layer).handle},
                params.of(q.cols(), shape.headDim(), shape.kvDim(), heads / shape.kvHeads(), firstPosition)
                        .and((float) (1.0 / Math.sqrt(shape.headDim()))),
                heads, count);
    }

    @Override
    public void copyRow(Activation src, int srcRow, Activation dst, int dstRow) {
        long rowBytes = Activation.bytes(1, src.cols());
        vk.barrier();
        vk.copy(gpu(src).buffer, srcRow * rowBytes, gpu(dst).buffer, dstRow * rowBytes, rowBytes);
    }

    /** Runs everything recorded, then copies the rows back. */
    @Override
    public void read(Activation src, int rows, float[] dst) {
        long bytes = Activation.bytes(rows, src.cols());
        if (readback == null || readback.size < bytes) {
            vk.submit();
            if (readback != null) {
                readback.close();
            }
            readback = vk.buffer(Math.max(bytes, Activation.bytes(1, src.cols())), GpuBuffer.Use.READBACK);
        }
        vk.barrier();
        vk.copy(gpu(src).buffer, 0, readback, 0, bytes);
        vk.submit();
        vk.invalidateForHost(readback, bytes);
        MemorySegment.copy(readback.mapped(), ValueLayout.JAVA_FLOAT, 0, dst, 0, rows * src.cols());
    }

    private void dispatch(Kernel kernel, long[] buffers, Params values, int groupsX, int groupsY) {
        vk.dispatch(kernel, buffers, values.bytes(), groupsX, groupsY);
    }

    /** One invocation per element, spread over y where x runs out of groups (see elements.glsl). */
    private void dispatchElements(Kernel kernel, long[] buffers, Params values, int elements) {
        int groups = groups(elements);
        int x = Math.min(groups, MAX_GROUPS);
        dispatch(kernel, buffers, values, x, (groups + x - 1) / x);
    }

    private static int groups(int invocations) {
        return Math.max(1, (invocations + GROUP - 1) / GROUP);
    }

    @Override
    public void close() {
        vk.submit();
        for (AutoCloseable memory : List.copyOf(open)) {
            try {
                memory.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        weightBuffers.forEach(GpuBuffer::close);
        if (lane != null) {
            lane.close();
        }
        for (GpuBuffer buffer : new GpuBuffer[] {staging, readback, angles}) {
            if (buffer != null) {
                buffer.close();
            }
        }
        vk.close();
    }

    private static VulkanWeight gpu(Weight w) {
        return (VulkanWeight) w;
    }

    private static VulkanActivation gpu(Activation a) {
        return (VulkanActivation) a;
    }

    private static VulkanKvCache gpu(KvCache kv) {
        return (VulkanKvCache) kv;
    }
}
