package dev.cairn.gpu.opencl;

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
import dev.cairn.gpu.DeviceBuffer;
import dev.cairn.gpu.LayerClock;
import dev.cairn.gpu.RopeAngles;
import dev.cairn.gpu.Shapes;
import dev.cairn.tensor.Tensor;
import dev.cairn.tensor.quant.GgmlType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * Computes on an OpenCL device: weights are copied into device memory once, activations and the KV cache
 * live there, and kernels (OpenCL C 1.2, so PoCL and older drivers build them) are enqueued on one
 * in-order queue that runs as the device gets to it. When every layer is resident the host waits only when
 * the logits are read back; while layers stream, the host waits for each streamed layer's kernels when the
 * layer is released ({@link #finish()}), before its slot is reused.
 */
public final class OpenClBackend implements Backend {

    /** The weight types the kernels decode: every type but the 8-bit intermediates no model file stores. */
    public static final Set<GgmlType> TYPES = EnumSet.complementOf(EnumSet.of(GgmlType.Q8_1, GgmlType.Q8_K));

    private static final int MATMUL_TILE = 8;      // tokens per work-group of matmul.cl
    private static final int ROWS_PER_GROUP = 8;   // rows per work-group of matvec.cl and matmul.cl
    private static final int MAX_HEAD_DIM = 256;   // attention.cl's local query
    private static final long UPLOAD_BYTES = 16L << 20; // weights cross in pieces of this, for load progress
    private static final int WEIGHT_PADDING = 16;  // the kernels read four elements at a time (weights.cl)

    private final OpenClContext cl;
    private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
    private final LongConsumer copied; // told of every piece of weights copied to the device: load progress
    private final List<ClBuffer> weightBuffers = new ArrayList<>();
    private final Arena host = Arena.ofShared(); // the read-back rows on the host
    private MemorySegment readback = MemorySegment.NULL;
    private ClBuffer angles;        // (count, pairs) of (cos, sin) for the rope of the current pass
    private final RopeAngles ropeAngles = new RopeAngles(); // the same on the host

    /** Opens OpenCL device {@code index} (see {@link OpenClDevices#list()}). */
    public OpenClBackend(int index) {
        this(index, bytes -> { });
    }

    /** As {@link #OpenClBackend(int)}, telling {@code copiedBytes} of every piece of weights copied to the device. */
    public OpenClBackend(int index, LongConsumer copiedBytes) {
        this.cl = new OpenClContext(index);
        this.copied = copiedBytes;
    }

    @Override
    public String name() {
        return "OpenCL " + cl.info.index() + ": " + cl.info.name() + " (" + cl.info.type() + ", " + cl.info.platform() + ")";
    }

    @Override
    public OptionalLong deviceMemoryBytes() {
        return OptionalLong.of(cl.info.globalMemoryBytes());
    }

    @Override
    public boolean timeLayers(LayerTimer timer) {
        cl.timeLayers(new LayerClock(timer));
        return true;
    }

    @Override
    public void beginLayer(int layer) {
        cl.layerBegins(layer);
    }

    @Override
    public void endLayer(int layer) {
        cl.layerEnds();
    }

    @Override
    public Weight weight(Tensor tensor) {
        if (tensor.rows() == 1) {
            return vectorWeight(tensor);
        }
        checkDecoded(tensor.name(), tensor.type());
        cl.buildWeightKernels(tensor.type());
        long rowBytes = tensor.type().bytesFor(tensor.cols());
        ClBuffer buffer = weightBuffer(rowBytes * tensor.rows());
        upload(tensor.data().asSlice(0, rowBytes * tensor.rows()), buffer);
        return new OpenClWeight(tensor.name(), tensor.type(), tensor.rows(), tensor.cols(), rowBytes, buffer);
    }

    static void checkDecoded(String name, GgmlType type) {
        if (!TYPES.contains(type)) {
            throw new BackendUnavailableException(name + " is " + type + ", which the OpenCL kernels do not decode");
        }
    }

    /** A weight buffer of {@code bytes} plus the padding the kernels may read past a row's end. */
    ClBuffer weightBuffer(long bytes) {
        return cl.buffer(bytes + WEIGHT_PADDING, false);
    }

    private Weight vectorWeight(Tensor tensor) {
        float[] values = tensor.toFloats();
        ClBuffer buffer = weightBuffer((long) Float.BYTES * values.length);
        upload(MemorySegment.ofArray(values), buffer);
        return new OpenClWeight(tensor.name(), GgmlType.F32, 1, values.length, (long) Float.BYTES * values.length, buffer);
    }

    /** Copies {@code bytes} into the start of {@code to}, a piece at a time so the load can report progress. */
    private void upload(MemorySegment bytes, ClBuffer to) {
        weightBuffers.add(to);
        try (Arena temporary = Arena.ofConfined()) {
            MemorySegment from = bytes.isNative() ? bytes : temporary.allocate(bytes.byteSize(), 64).copyFrom(bytes);
            for (long done = 0; done < from.byteSize(); done += UPLOAD_BYTES) {
                long n = Math.min(UPLOAD_BYTES, from.byteSize() - done);
                cl.write(from.asSlice(done, n), to, done);
                copied.accept(n);
            }
        }
    }

    @Override
    public DeviceSlots deviceSlots(int slots, long[] placeBytes, int stagings, long stagingBytes) {
        return new OpenClLayerSlots(cl, slots, placeBytes, stagings, stagingBytes, this::weightBuffer, open);
    }

    @Override
    public void finish() {
        cl.finish();
    }

    /** How many kernel variants are built (the ones the loaded weights and KV caches need). */
    int builtKernels() {
        return cl.builtKernels();
    }

    /** How many allocations (activations, caches, device slots) are open: their owners have not closed them yet. */
    int openAllocations() {
        return open.size();
    }

    @Override
    public Activation activation(int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("an activation has at least one row and column, not " + rows + " x " + cols);
        }
        return new OpenClActivation(cl.buffer(Activation.bytes(rows, cols), false), rows, cols, open);
    }

    @Override
    public KvCache kvCache(KvShape shape) {
        if (shape.headDim() > MAX_HEAD_DIM) {
            throw new BackendUnavailableException("the OpenCL kernels take heads up to " + MAX_HEAD_DIM + " wide, not "
                    + shape.headDim());
        }
        cl.buildPassKernels(shape.type());
        return new OpenClKvCache(shape, bytes -> cl.buffer(bytes, false), open);
    }

    @Override
    public void embed(Weight table, int[] tokens, int from, int count, Activation out) {
        OpenClWeight w = gpu(table);
        long kernel = cl.weightKernel("embed", w.type());
        for (int t = 0; t < count; t++) {
            if (tokens[from + t] < 0 || tokens[from + t] >= w.rows()) {
                throw new IndexOutOfBoundsException(w.name() + " has " + w.rows() + " rows, not row " + tokens[from + t]);
            }
            cl.run(kernel, w.cols(), 1, w.buffer(), gpu(out).buffer, w.cols(), (int) w.rowBytes(), tokens[from + t], t);
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

    /** RMS norm of {@code segments} runs of {@code size} floats, each with the same weight vector: a work-group each. */
    private void normalize(OpenClActivation x, OpenClWeight weight, float eps, OpenClActivation out, int size, int segments) {
        cl.run(cl.kernel("rms_norm"), (long) segments * OpenClContext.GROUP, 1, x.buffer, weight.buffer(), out.buffer, size, eps);
    }

    @Override
    public void matMul(Activation x, Weight[] ws, Activation[] outs, int count) {
        for (int i = 0; i < ws.length; i++) {
            OpenClWeight w = gpu(ws[i]);
            Shapes.checkMatMul(w, x, outs[i], count);
            long groups = (w.rows() + ROWS_PER_GROUP - 1) / ROWS_PER_GROUP;
            // One token (decode) takes the mat-vec kernel; a prompt batch the mat-mul that decodes each weight once per tile.
            if (count == 1) {
                cl.run(cl.weightKernel("matvec", w.type()), groups * OpenClContext.GROUP, 1,
                        w.buffer(), gpu(x).buffer, gpu(outs[i]).buffer, w.cols(), (int) w.rowBytes(), w.rows());
            } else {
                cl.run(cl.weightKernel("matmul", w.type()), groups * OpenClContext.GROUP, (count + MATMUL_TILE - 1) / MATMUL_TILE,
                        w.buffer(), gpu(x).buffer, gpu(outs[i]).buffer, w.cols(), (int) w.rowBytes(), w.rows(), count);
            }
        }
    }

    @Override
    public void addBias(Activation x, Weight bias, int count) {
        int n = count * x.cols();
        cl.run(cl.kernel("add"), n, 1, gpu(x).buffer, gpu(bias).buffer(), n, x.cols());
    }

    @Override
    public void add(Activation acc, Activation x, int count) {
        int n = count * acc.cols();
        cl.run(cl.kernel("add"), n, 1, gpu(acc).buffer, gpu(x).buffer, n, n);
    }

    @Override
    public void swiGlu(Activation gate, Activation up, int count) {
        int n = count * gate.cols();
        cl.run(cl.kernel("swiglu"), n, 1, gpu(gate).buffer, gpu(up).buffer, n);
    }

    @Override
    public void rope(Activation q, Activation k, int headDim, Rotary rotary, int firstPosition, int count) {
        int pairs = rotary.pairs();
        writeAngles(rotary, firstPosition, count);
        long n = (long) count * (q.cols() / headDim + k.cols() / headDim) * pairs;
        cl.run(cl.kernel("rope"), n, 1, gpu(q).buffer, gpu(k).buffer, angles, q.cols(), k.cols(), headDim, pairs,
                rotary.layout() == RopeType.HALVES ? 1 : 0, count);
    }

    /** Writes the angles of this pass's rope into {@code angles} where they changed (once per pass: every layer rotates alike). */
    private void writeAngles(Rotary rotary, int firstPosition, int count) {
        ByteBuffer table = ropeAngles.changed(rotary, firstPosition, count);
        if (table == null) {
            return;
        }
        if (angles == null || angles.size < table.remaining()) {
            cl.finish(); // enqueued work may still read the old buffer
            if (angles != null) {
                angles.close();
            }
            angles = cl.buffer(table.remaining(), false);
        }
        cl.write(MemorySegment.ofBuffer(table), angles, 0); // in order after the kernels that read the last angles
    }

    @Override
    public void kvAppend(KvCache kv, int layer, Activation k, Activation v, int firstPosition, int count) {
        OpenClKvCache cache = gpu(kv);
        int kvDim = cache.shape().kvDim();
        cl.run(cl.kvKernel("kv_append", cache.shape().type()), (long) count * kvDim, 1, gpu(k).buffer, gpu(v).buffer,
                cache.keys.get(layer), cache.values.get(layer), kvDim, firstPosition, count);
    }

    /** Attention per (head, token) work-group with an online softmax. */
    @Override
    public void attention(KvCache kv, int layer, Activation q, Activation out, int firstPosition,
            int count) {
        OpenClKvCache cache = gpu(kv);
        KvShape shape = cache.shape();
        int heads = Shapes.attentionHeads(shape, q, out, firstPosition, count);
        cl.run(cl.kvKernel("attention", shape.type()), (long) heads * OpenClContext.GROUP, count, gpu(q).buffer, gpu(out).buffer,
                cache.keys.get(layer), cache.values.get(layer), q.cols(), shape.headDim(), shape.kvDim(),
                heads / shape.kvHeads(), firstPosition, (float) (1.0 / Math.sqrt(shape.headDim())));
    }

    @Override
    public void copyRow(Activation src, int srcRow, Activation dst, int dstRow) {
        long rowBytes = Activation.bytes(1, src.cols());
        cl.copy(gpu(src).buffer, srcRow * rowBytes, gpu(dst).buffer, dstRow * rowBytes, rowBytes);
    }

    /** Runs everything enqueued, then copies the rows back. */
    @Override
    public void read(Activation src, int rows, float[] dst) {
        long bytes = Activation.bytes(rows, src.cols());
        if (readback.byteSize() < bytes) {
            readback = host.allocate(bytes, 64);
        }
        cl.read(gpu(src).buffer, readback.asSlice(0, bytes));
        MemorySegment.copy(readback, ValueLayout.JAVA_FLOAT, 0, dst, 0, rows * src.cols());
    }

    /**
     * Waits for the device, then frees everything: best effort, so after a device error (the wait throws)
     * the memory, queues and context are released all the same and the error is thrown after.
     */
    @Override
    public void close() {
        try {
            cl.finish();
        } finally {
            try {
                DeviceBuffer.closeAll(open);
                weightBuffers.forEach(ClBuffer::close);
                if (angles != null) {
                    angles.close();
                }
            } finally {
                cl.close();
                host.close();
            }
        }
    }

    private static OpenClWeight gpu(Weight w) {
        return (OpenClWeight) w;
    }

    private static OpenClActivation gpu(Activation a) {
        return (OpenClActivation) a;
    }

    private static OpenClKvCache gpu(KvCache kv) {
        return (OpenClKvCache) kv;
    }
}
