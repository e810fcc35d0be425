package dev.cairn.gpu.opencl;

import static org.lwjgl.opencl.CL10.CL_CONTEXT_PLATFORM;
import static org.lwjgl.opencl.CL10.CL_MEM_ALLOC_HOST_PTR;
import static org.lwjgl.opencl.CL10.CL_MEM_READ_WRITE;
import static org.lwjgl.opencl.CL10.CL_PROFILING_COMMAND_END;
import static org.lwjgl.opencl.CL10.CL_PROFILING_COMMAND_START;
import static org.lwjgl.opencl.CL10.CL_PROGRAM_BUILD_LOG;
import static org.lwjgl.opencl.CL10.CL_QUEUE_PROFILING_ENABLE;
import static org.lwjgl.opencl.CL10.clBuildProgram;
import static org.lwjgl.opencl.CL10.clCreateBuffer;
import static org.lwjgl.opencl.CL10.clCreateCommandQueue;
import static org.lwjgl.opencl.CL10.clCreateContext;
import static org.lwjgl.opencl.CL10.clCreateKernel;
import static org.lwjgl.opencl.CL10.clCreateProgramWithSource;
import static org.lwjgl.opencl.CL10.clEnqueueCopyBuffer;
import static org.lwjgl.opencl.CL10.clEnqueueNDRangeKernel;
import static org.lwjgl.opencl.CL10.clFinish;
import static org.lwjgl.opencl.CL10.clFlush;
import static org.lwjgl.opencl.CL10.clGetEventProfilingInfo;
import static org.lwjgl.opencl.CL10.clGetProgramBuildInfo;
import static org.lwjgl.opencl.CL10.clReleaseCommandQueue;
import static org.lwjgl.opencl.CL10.clReleaseContext;
import static org.lwjgl.opencl.CL10.clReleaseEvent;
import static org.lwjgl.opencl.CL10.clReleaseKernel;
import static org.lwjgl.opencl.CL10.clReleaseProgram;
import static org.lwjgl.opencl.CL10.clRetainEvent;
import static org.lwjgl.opencl.CL10.clSetKernelArg1f;
import static org.lwjgl.opencl.CL10.clSetKernelArg1i;
import static org.lwjgl.opencl.CL10.clSetKernelArg1p;
import static org.lwjgl.opencl.CL10.clWaitForEvents;
import static org.lwjgl.opencl.CL10.nclEnqueueReadBuffer;
import static org.lwjgl.opencl.CL10.nclEnqueueWriteBuffer;
import static org.lwjgl.system.MemoryStack.stackPush;

import dev.cairn.backend.BackendUnavailableException;
import dev.cairn.gpu.LayerClock;
import dev.cairn.gpu.Teardown;
import dev.cairn.tensor.quant.GgmlType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;

/**
 * One OpenCL device opened for compute: a context, an in-order compute queue (with profiling: the layers'
 * GPU times are their first kernel's start and their last kernel's end) and a second in-order queue for
 * uploads of streamed layers, so they can run while kernels do where the driver overlaps two queues (OpenCL
 * does not promise it). Kernels are built from the {@code .cl} resources once per variant (kernel, type)
 * and kept; the variants a model needs are built as it loads (its weights' types, its KV cache's type).
 */
final class OpenClContext implements AutoCloseable {

    static final int GROUP = 64; // work-items per work-group of every kernel (common.cl)
    private static final String ROOT = "/dev/cairn/gpu/opencl/kernels/";
    private static final List<String> FORMAT_HELPERS = List.of("nibbles.cl", "k_scales.cl", "iq4_levels.cl");
    private static final List<String> WEIGHT_KERNELS = List.of("embed", "matvec", "matmul"); // per weight type
    private static final List<String> KV_KERNELS = List.of("kv_append", "attention");        // per KV type
    private static final List<String> FLOAT_KERNELS = List.of("rms_norm", "add", "swiglu", "rope");

    final OpenClDeviceInfo info;
    private final long device;
    private final long context;
    private final long queue;         // compute, in order
    final long transferQueue;         // uploads of streamed layers, in order
    private final Map<String, long[]> kernels = new HashMap<>(); // variant -> (program, kernel)
    private final Teardown teardown = new Teardown(); // the context and queues, released in reverse order
    private final List<Long> timed = new ArrayList<>();       // kernel events a layer span starts or ends at, since the last finish
    private final List<Integer> timedWhen = new ArrayList<>(); // CL_PROFILING_COMMAND_START or _END of each
    private LayerClock clock;
    private int beginning = -1;  // the layer whose first kernel is the next one, while layers are timed
    private long lastKernel;     // the event of the latest kernel while layers are timed, 0 once taken or released

    OpenClContext(int index) {
        OpenClDevices.Handles handles = OpenClDevices.handles(index);
        this.info = OpenClDevices.describe(index, handles);
        if (info.maxWorkGroupSize() < GROUP) {
            throw new BackendUnavailableException("the OpenCL kernels run work-groups of " + GROUP + ", and " + info.name()
                    + " takes at most " + info.maxWorkGroupSize());
        }
        this.device = handles.device();
        try (MemoryStack stack = stackPush()) {
            IntBuffer status = stack.mallocInt(1);
            PointerBuffer properties = stack.pointers(CL_CONTEXT_PLATFORM, handles.platform(), 0);
            context = clCreateContext(properties, device, null, 0, status);
            Cl.check(status.get(0), "clCreateContext");
            teardown.add(context, created -> clReleaseContext(created));
            queue = clCreateCommandQueue(context, device, CL_QUEUE_PROFILING_ENABLE, status);
            Cl.check(status.get(0), "clCreateCommandQueue");
            teardown.add(queue, OpenClContext::finishAndRelease);
            transferQueue = clCreateCommandQueue(context, device, 0, status);
            Cl.check(status.get(0), "clCreateCommandQueue");
            teardown.add(transferQueue, OpenClContext::finishAndRelease);
        } catch (RuntimeException e) {
            teardown.close();
            throw e;
        }
    }

    /** Waits for what {@code queue} still runs (best effort: after a device error it may not), then releases it. */
    private static void finishAndRelease(long queue) {
        clFinish(queue);
        clReleaseCommandQueue(queue);
    }

    /** A device buffer of {@code bytes}; {@code hostVisible} allocates it where the host can map it (staging). */
    ClBuffer buffer(long bytes, boolean hostVisible) {
        if (bytes > info.maxAllocationBytes()) {
            throw new BackendUnavailableException("a buffer of " + bytes + " bytes is more than the " + info.maxAllocationBytes()
                    + " bytes one OpenCL buffer may hold on " + info.name());
        }
        try (MemoryStack stack = stackPush()) {
            IntBuffer status = stack.mallocInt(1);
            long handle = clCreateBuffer(context, CL_MEM_READ_WRITE | (hostVisible ? CL_MEM_ALLOC_HOST_PTR : 0), bytes, status);
            int code = status.get(0);
            if (code == -4 || code == -5 || code == -6 || code == -61) { // out of device or host memory, a size it refuses
                throw new BackendUnavailableException("OpenCL could not allocate " + bytes + " bytes on " + info.name() + ": "
                        + Cl.name(code));
            }
            Cl.check(code, "clCreateBuffer");
            return new ClBuffer(handle, bytes);
        }
    }

    /**
     * Builds the kernels a matrix of {@code type} is used with, now: called as the model loads, so a kernel the
     * driver refuses fails the load in one line, not a generation part-way (the kernels are kept for later).
     */
    void buildWeightKernels(GgmlType type) {
        WEIGHT_KERNELS.forEach(name -> weightKernel(name, type));
    }

    /** Builds the KV cache's kernels for {@code kvType} and the float kernels of a pass, now (as the model loads). */
    void buildPassKernels(GgmlType kvType) {
        KV_KERNELS.forEach(name -> kvKernel(name, kvType));
        FLOAT_KERNELS.forEach(this::kernel);
    }

    /** How many kernel variants are built. */
    synchronized int builtKernels() {
        return kernels.size();
    }

    /** The kernel {@code name} for weights of {@code type}: the format's decoder and the row helpers come before it. */
    long weightKernel(String name, GgmlType type) {
        int elements = Math.max(4, type.blockSize()); // float types count four elements as a block
        return kernel(name, type.name(),
                () -> String.format(Locale.ROOT, "-DQK=%du -DBLOCK_BYTES=%du", elements, type.bytesFor(elements)),
                () -> {
                    StringBuilder source = new StringBuilder();
                    FORMAT_HELPERS.forEach(helper -> source.append(resource("formats/" + helper)));
                    return source.append(resource("formats/" + type.name().toLowerCase(Locale.ROOT) + ".cl"))
                            .append(resource("weights.cl")).toString();
                });
    }

    /** The kernel {@code name} for a KV cache of {@code type} (F16 or F32). */
    long kvKernel(String name, GgmlType type) {
        return kernel(name, type.name(), () -> type == GgmlType.F16 ? "-DKV_F16" : "", () -> resource("kv.cl"));
    }

    /** A kernel on floats only. */
    long kernel(String name) {
        return kernel(name, "", () -> "", () -> "");
    }

    /**
     * Synchronized: the load (which builds) and the passes (which look up) may run on different threads. The
     * defines and the source are made only when the kernel is built, not on every launch's look-up.
     */
    private synchronized long kernel(String name, String variant, Supplier<String> defines, Supplier<String> prelude) {
        return kernels.computeIfAbsent(name + "/" + variant, key -> build(name,
                resource("common.cl") + prelude.get() + resource(name + ".cl"), "-cl-std=CL1.2 " + defines.get()))[1];
    }

    /**
     * Builds kernel {@code name} from {@code source}. A build the driver refuses is one line (the kernel, the
     * options, the log's first line) through {@link BackendUnavailableException}, so the CLI says it in one
     * line; the whole log is the cause, for {@code --verbose}.
     */
    long[] build(String name, String source, String options) {
        try (MemoryStack stack = stackPush()) {
            IntBuffer status = stack.mallocInt(1);
            long program = clCreateProgramWithSource(context, source, status);
            Cl.check(status.get(0), "clCreateProgramWithSource");
            int built = clBuildProgram(program, device, options, null, 0);
            if (built != 0) {
                String log = buildLog(program);
                clReleaseProgram(program);
                throw new BackendUnavailableException("OpenCL on " + info.name() + " could not build " + name + ".cl ("
                        + options.strip() + "): " + Cl.name(built) + ": " + firstLine(log), new IllegalStateException(log));
            }
            long kernel = clCreateKernel(program, name, status);
            if (status.get(0) != 0) {
                clReleaseProgram(program);
            }
            Cl.check(status.get(0), "clCreateKernel");
            return new long[] {program, kernel};
        }
    }

    /** The first line of a build log that says something, or that the log is empty. */
    static String firstLine(String log) {
        return log.lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst().orElse("(the build log is empty)");
    }

    private String buildLog(long program) {
        try (MemoryStack stack = stackPush()) {
            PointerBuffer size = stack.mallocPointer(1);
            clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, (ByteBuffer) null, size);
            ByteBuffer log = org.lwjgl.system.MemoryUtil.memAlloc((int) size.get(0));
            try {
                clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, log, null);
                return StandardCharsets.UTF_8.decode(log).toString().strip();
            } finally {
                org.lwjgl.system.MemoryUtil.memFree(log);
            }
        }
    }

    private static String resource(String path) {
        try (InputStream in = OpenClContext.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IllegalStateException("missing kernel source " + ROOT + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sets {@code kernel}'s arguments in order (buffers, Integers as cl_uint, Floats) and enqueues it over
     * {@code globalX x globalY} work-items in work-groups of {@link #GROUP} along x.
     */
    void run(long kernel, long globalX, long globalY, Object... args) {
        for (int i = 0; i < args.length; i++) {
            int status = switch (args[i]) {
                case ClBuffer b -> clSetKernelArg1p(kernel, i, b.handle);
                case Integer v -> clSetKernelArg1i(kernel, i, v);
                case Float v -> clSetKernelArg1f(kernel, i, v);
                default -> throw new IllegalArgumentException("not a kernel argument: " + args[i]);
            };
            if (status != 0) {
                Cl.check(status, "clSetKernelArg " + i);
            }
        }
        try (MemoryStack stack = stackPush()) {
            long roundedX = (globalX + GROUP - 1) / GROUP * GROUP;
            PointerBuffer event = clock == null ? null : stack.callocPointer(1);
            Cl.check(clEnqueueNDRangeKernel(queue, kernel, 2, null, stack.pointers(roundedX, Math.max(1, globalY)),
                    stack.pointers(GROUP, 1), null, event), "clEnqueueNDRangeKernel");
            if (event != null) {
                kernelTimed(event.get(0));
            }
        }
    }

    /** Keeps the event of a kernel enqueued while layers are timed: a layer's first kernel starts its span, its last ends it. */
    private void kernelTimed(long event) {
        if (lastKernel != 0) {
            clReleaseEvent(lastKernel);
        }
        lastKernel = event;
        if (beginning >= 0) {
            clock.begin(beginning, keep(event, CL_PROFILING_COMMAND_START));
            beginning = -1;
        }
    }

    private int keep(long event, int when) {
        clRetainEvent(event);
        timed.add(event);
        timedWhen.add(when);
        return timed.size() - 1;
    }

    /** Copies {@code bytes} between device buffers, after the work enqueued before. */
    void copy(ClBuffer from, long fromOffset, ClBuffer to, long toOffset, long bytes) {
        Cl.check(clEnqueueCopyBuffer(queue, from.handle, to.handle, fromOffset, toOffset, bytes, null, null), "clEnqueueCopyBuffer");
    }

    /** Writes host bytes into {@code to} at {@code offset} and waits: the host memory is free again on return. */
    void write(MemorySegment from, ClBuffer to, long offset) {
        Cl.check(nclEnqueueWriteBuffer(queue, to.handle, 1, offset, from.byteSize(), from.address(), 0, 0, 0),
                "clEnqueueWriteBuffer");
    }

    /** Runs everything enqueued, then reads {@code into.byteSize()} bytes of {@code from} into host memory. */
    void read(ClBuffer from, MemorySegment into) {
        Cl.check(nclEnqueueReadBuffer(queue, from.handle, 1, 0, into.byteSize(), into.address(), 0, 0, 0),
                "clEnqueueReadBuffer");
        resolveLayerTimes();
    }

    /** Times layers into {@code layerClock} from now on. */
    void timeLayers(LayerClock layerClock) {
        clock = layerClock;
    }

    /** Layer {@code layer}'s span starts with the next kernel (when layers are timed). */
    void layerBegins(int layer) {
        beginning = clock == null ? -1 : layer;
    }

    /** The current layer's span ends with its last kernel; the queue is flushed so the device starts on the layer. */
    void layerEnds() {
        if (clock != null && lastKernel != 0 && beginning < 0) {
            clock.end(keep(lastKernel, CL_PROFILING_COMMAND_END));
        }
        beginning = -1;
        Cl.check(clFlush(queue), "clFlush");
    }

    /** Runs everything enqueued and waits for it. */
    void finish() {
        Cl.check(clFinish(queue), "clFinish");
        resolveLayerTimes();
    }

    /** The layer spans' device times, placed on the host's clock now that the queue has run their kernels. */
    private void resolveLayerTimes() {
        if (lastKernel != 0) {
            clReleaseEvent(lastKernel);
            lastKernel = 0;
        }
        if (timed.isEmpty()) {
            return;
        }
        long finished = System.nanoTime();
        long[] ticks = new long[timed.size()];
        try (MemoryStack stack = stackPush()) {
            LongBuffer time = stack.mallocLong(1);
            for (int i = 0; i < ticks.length; i++) {
                Cl.check(clGetEventProfilingInfo(timed.get(i), timedWhen.get(i), time, null), "clGetEventProfilingInfo");
                ticks[i] = time.get(0);
                clReleaseEvent(timed.get(i));
            }
        }
        timed.clear();
        timedWhen.clear();
        clock.resolved(ticks, ticks.length, 1.0, finished); // OpenCL's profiling times are in nanoseconds
    }

    /** Waits for {@code event} and releases it. */
    static void await(long event) {
        Cl.check(clWaitForEvents(event), "clWaitForEvents");
        clReleaseEvent(event);
    }

    /**
     * Releases the events, kernels, queues and context. Best effort, as after a device error: the release
     * calls' status codes are not checked, so everything is released whatever the device's state.
     */
    @Override
    public void close() {
        timed.forEach(org.lwjgl.opencl.CL10::clReleaseEvent);
        timed.clear();
        if (lastKernel != 0) {
            clReleaseEvent(lastKernel);
            lastKernel = 0;
        }
        for (long[] built : kernels.values()) {
            clReleaseKernel(built[1]);
            clReleaseProgram(built[0]);
        }
        kernels.clear();
        teardown.close();
    }
}
