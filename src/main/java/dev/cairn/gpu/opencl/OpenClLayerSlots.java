package dev.cairn.gpu.opencl;

import static org.lwjgl.opencl.CL10.CL_MAP_WRITE;
import static org.lwjgl.opencl.CL10.clEnqueueMapBuffer;
import static org.lwjgl.opencl.CL10.clEnqueueUnmapMemObject;
import static org.lwjgl.opencl.CL10.clFinish;
import static org.lwjgl.opencl.CL10.clFlush;
import static org.lwjgl.opencl.CL10.nclEnqueueWriteBuffer;
import static org.lwjgl.system.MemoryStack.stackPush;

import dev.cairn.backend.DeviceSlots;
import dev.cairn.backend.Weight;
import dev.cairn.gpu.StreamedPlaces;
import dev.cairn.gpu.Teardown;
import dev.cairn.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.util.Set;
import java.util.function.LongFunction;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;

/**
 * The device slots of a streaming layer cache on OpenCL: per slot one device buffer per streamed tensor,
 * and staging buffers, one per I/O thread, allocated host-visible ({@code CL_MEM_ALLOC_HOST_PTR}, pinned
 * memory on GPU drivers) and mapped once (unmapped when the slots close): layers are read into them, and
 * an upload writes from them into the slot on the context's transfer queue, a queue of its own so that a
 * later layer can cross while earlier layers' kernels run where the driver overlaps two queues (OpenCL does
 * not promise it; not measured here, no GPU was lent). An upload waits for its own writes; the compute thread enqueues
 * kernels on a slot only after its upload returned, and frees a slot only after finishing the work on it.
 */
final class OpenClLayerSlots implements DeviceSlots {

    private static final long PAGE = 4096; // staging is aligned to this for O_DIRECT reads, as the driver may not

    private final OpenClContext cl;
    private final ClBuffer[][] places;       // (slots, places) device memory
    private final MemorySegment[] mapped;    // (stagings) the host's view of each staging buffer
    private final Set<AutoCloseable> open;
    private final Teardown teardown = new Teardown();
    private long allocated;

    /** Allocates the slots and staging; what was allocated before a step fails is freed again. */
    OpenClLayerSlots(OpenClContext cl, int slots, long[] placeBytes, int stagings, long stagingBytes,
            LongFunction<ClBuffer> deviceBuffer, Set<AutoCloseable> open) {
        this.cl = cl;
        this.open = open;
        places = new ClBuffer[slots][placeBytes.length];
        mapped = new MemorySegment[stagings];
        try {
            StreamedPlaces.allocate(places, placeBytes, bytes -> keep(deviceBuffer.apply(bytes)));
            for (int i = 0; i < stagings; i++) {
                long bytes = Math.max(4, stagingBytes);
                ClBuffer staging = keep(cl.buffer(bytes + PAGE, true));
                ByteBuffer view = teardown.add(map(staging), unmapped -> unmap(staging, unmapped));
                mapped[i] = pageAligned(MemorySegment.ofBuffer(view), bytes);
            }
        } catch (RuntimeException e) {
            teardown.close();
            throw e;
        }
        open.add(this);
    }

    /** The first {@code bytes} from the first page boundary of {@code mapped}: reads with O_DIRECT need page-aligned memory. */
    private static MemorySegment pageAligned(MemorySegment mapped, long bytes) {
        long skip = (PAGE - mapped.address() % PAGE) % PAGE;
        return mapped.asSlice(skip, bytes);
    }

    private ClBuffer keep(ClBuffer buffer) {
        allocated += buffer.size;
        return teardown.add(buffer, ClBuffer::close);
    }

    /** Maps {@code buffer} for the host to write, for as long as the slots live (unmapped before it is released). */
    private ByteBuffer map(ClBuffer buffer) {
        try (MemoryStack stack = stackPush()) {
            IntBuffer status = stack.mallocInt(1);
            ByteBuffer view = clEnqueueMapBuffer(cl.transferQueue, buffer.handle, true, CL_MAP_WRITE, 0, buffer.size, null, null,
                    status, null);
            Cl.check(status.get(0), "clEnqueueMapBuffer");
            return view;
        }
    }

    /** Unmaps {@code view} of {@code buffer} and waits for it: the buffer is released right after. Throws nothing (closing). */
    private void unmap(ClBuffer buffer, ByteBuffer view) {
        if (clEnqueueUnmapMemObject(cl.transferQueue, buffer.handle, view, null, null) == 0) {
            clFinish(cl.transferQueue);
        }
    }

    @Override
    public MemorySegment staging(int index) {
        return mapped[index];
    }

    @Override
    public Weight weight(int slot, int place, Tensor tensor) {
        ClBuffer buffer = places[slot][place];
        long rowBytes = StreamedPlaces.rowBytes(tensor, buffer.size);
        OpenClBackend.checkDecoded(tensor.name(), tensor.type());
        cl.buildWeightKernels(tensor.type());
        return new OpenClWeight(tensor.name(), tensor.type(), tensor.rows(), tensor.cols(), rowBytes, buffer);
    }

    /**
     * Writes every place from the mapped staging memory (its pinned host pointer is the source, the staging
     * buffer itself is not used by a command) on the transfer queue, flushes the queue (OpenCL 1.2 does not
     * promise that commands never flushed make progress while the host waits) and waits for the last write:
     * the queue is in order, so the others are done too.
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
                Cl.check(clFlush(cl.transferQueue), "clFlush");
                OpenClContext.await(event.get(0));
            }
        }
    }

    @Override
    public long allocatedBytes() {
        return allocated;
    }

    /** Unmaps and frees the staging and frees the slots; leaves the backend's set of open memory. Idempotent. */
    @Override
    public void close() {
        if (open.remove(this)) {
            teardown.close();
        }
    }
}
