package dev.cairn.gpu.opencl;

import static org.lwjgl.opencl.CL10.CL_MAP_WRITE;
import static org.lwjgl.opencl.CL10.clEnqueueMapBuffer;
import static org.lwjgl.opencl.CL10.nclEnqueueWriteBuffer;
import static org.lwjgl.system.MemoryStack.stackPush;

import dev.cairn.backend.DeviceSlots;
import dev.cairn.backend.Weight;
import dev.cairn.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;

/**
 * The device slots of a streaming layer cache on OpenCL: per slot one device buffer per streamed tensor,
 * and staging buffers, one per I/O thread, allocated host-visible ({@code CL_MEM_ALLOC_HOST_PTR}, pinned
 * memory on GPU drivers) and mapped once: layers are read into them, and an upload writes from them into
 * the slot on the context's transfer queue, which runs beside the compute queue, so a later layer crosses
 * while earlier layers' kernels run. An upload waits for its own writes; the compute thread enqueues
 * kernels on a slot only after its upload returned, and frees a slot only after finishing the work on it.
 */
final class OpenClLayerSlots implements DeviceSlots {

    private static final long PAGE = 4096; // staging is aligned to this for O_DIRECT reads, as the driver may not

    private final OpenClContext cl;
    private final ClBuffer[][] places;       // (slots, places) device memory
    private final ClBuffer[] staging;        // (stagings) host-visible
    private final MemorySegment[] mapped;    // (stagings) the host's view of each
    private final List<ClBuffer> all = new ArrayList<>();

    OpenClLayerSlots(OpenClContext cl, int slots, long[] placeBytes, int stagings, long stagingBytes,
            LongFunction<ClBuffer> deviceBuffer) {
        this.cl = cl;
        places = new ClBuffer[slots][placeBytes.length];
        staging = new ClBuffer[stagings];
        mapped = new MemorySegment[stagings];
        try {
            for (int s = 0; s < slots; s++) {
                for (int p = 0; p < placeBytes.length; p++) {
                    places[s][p] = keep(deviceBuffer.apply(placeBytes[p]));
                }
            }
            for (int i = 0; i < stagings; i++) {
                long bytes = Math.max(4, stagingBytes);
                staging[i] = keep(cl.buffer(bytes + PAGE, true));
                mapped[i] = pageAligned(map(staging[i]), bytes);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The first {@code bytes} from the first page boundary of {@code mapped}: reads with O_DIRECT need page-aligned memory. */
    private static MemorySegment pageAligned(MemorySegment mapped, long bytes) {
        long skip = (PAGE - mapped.address() % PAGE) % PAGE;
        return mapped.asSlice(skip, bytes);
    }

    private ClBuffer keep(ClBuffer buffer) {
        all.add(buffer);
        return buffer;
    }

    /** Maps {@code buffer} for the host to write, for as long as it lives (released with the buffer). */
    private MemorySegment map(ClBuffer buffer) {
        try (MemoryStack stack = stackPush()) {
            IntBuffer status = stack.mallocInt(1);
            ByteBuffer view = clEnqueueMapBuffer(cl.transferQueue, buffer.handle, true, CL_MAP_WRITE, 0, buffer.size, null, null,
                    status, null);
            Cl.check(status.get(0), "clEnqueueMapBuffer");
            return MemorySegment.ofBuffer(view);
        }
    }

    @Override
    public MemorySegment staging(int index) {
        return mapped[index];
    }

    @Override
    public Weight weight(int slot, int place, Tensor tensor) {
        if (tensor.rows() < 2) {
            throw new IllegalArgumentException(tensor.name() + " is a vector: vectors stay resident, only matrices stream");
        }
        OpenClBackend.checkDecoded(tensor.name(), tensor.type());
        long rowBytes = tensor.type().bytesFor(tensor.cols());
        ClBuffer buffer = places[slot][place];
        if (rowBytes * tensor.rows() > buffer.size) {
            throw new IllegalArgumentException(tensor.name() + " does not fit its place of " + buffer.size + " bytes");
        }
        return new OpenClWeight(tensor.name(), tensor.type(), tensor.rows(), tensor.cols(), rowBytes, buffer);
    }

    /**
     * Writes every place from the mapped staging memory (its pinned host pointer is the source, the staging
     * buffer itself is not used by a command) on the transfer queue, then waits for the last write: the
     * queue is in order, so the others are done too.
     */
    @Override
    public void upload(int index, int slot, long[] stagingOffsets, long[] bytes) {
        long source = mapped[index].address();
        try (MemoryStack stack = stackPush()) {
            PointerBuffer event = stack.mallocPointer(1);
            for (int p = 0; p < bytes.length; p++) {
                boolean last = p == bytes.length - 1;
                Cl.check(nclEnqueueWriteBuffer(cl.transferQueue, places[slot][p].handle, 0, 0, bytes[p],
                        source + stagingOffsets[p], 0, 0, last ? event.address() : 0), "clEnqueueWriteBuffer");
            }
            if (bytes.length > 0) {
                OpenClContext.await(event.get(0));
            }
        }
    }

    @Override
    public long allocatedBytes() {
        long sum = 0;
        for (ClBuffer buffer : all) {
            sum += buffer.size;
        }
        return sum;
    }

    @Override
    public void close() {
        all.forEach(ClBuffer::close);
    }
}
