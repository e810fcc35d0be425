package dev.cairn.runtime;

import dev.cairn.backend.Backend;
import dev.cairn.backend.BackendUnavailableException;
import dev.cairn.backend.cpu.CpuBackend;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * Where a model computes, as the user says it: {@code auto} (the first discrete or integrated GPU of any
 * {@link GpuApi}, else the CPU), {@code cpu}, an API's name such as {@code vulkan} or {@code opencl} (its
 * first GPU, else any of its devices, such as lavapipe or PoCL) or {@code vulkan:N} / {@code opencl:N}
 * (device N of {@code cairn devices}). A GPU choice that cannot be met fails with a
 * {@link BackendUnavailableException}; it never falls back to the CPU.
 *
 * @param gpu    the GPU API of a GPU choice; {@code null} for {@code auto} and {@code cpu}
 * @param device the device index, or {@link #ANY_DEVICE}
 */
public record BackendChoice(Kind kind, GpuApi gpu, int device) {

    public enum Kind { AUTO, CPU, GPU }

    public static final int ANY_DEVICE = -1;
    public static final BackendChoice AUTO = new BackendChoice(Kind.AUTO, null, ANY_DEVICE);
    public static final BackendChoice CPU = new BackendChoice(Kind.CPU, null, ANY_DEVICE);

    /** What {@code --backend} accepts, for help texts and errors. */
    public static final String FORMS = "auto, cpu, " + Arrays.stream(GpuApi.values()).map(api -> api.key + " or " + api.key + ":N")
            .collect(Collectors.joining(", "));

    public BackendChoice {
        if ((kind == Kind.GPU) != (gpu != null) || (kind != Kind.GPU && device != ANY_DEVICE)) {
            throw new IllegalArgumentException("only a GPU choice names an API and a device");
        }
    }

    public static BackendChoice vulkan(int device) {
        return on(GpuApi.VULKAN, device);
    }

    public static BackendChoice openCl(int device) {
        return on(GpuApi.OPENCL, device);
    }

    /** Device {@code device} of {@code api}, or {@link #ANY_DEVICE}. */
    public static BackendChoice on(GpuApi api, int device) {
        return new BackendChoice(Kind.GPU, api, device);
    }

    public static BackendChoice parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) {
            return AUTO;
        }
        if (t.equals("cpu")) {
            return CPU;
        }
        for (GpuApi api : GpuApi.values()) {
            if (t.equals(api.key)) {
                return on(api, ANY_DEVICE);
            }
            if (t.startsWith(api.key + ":")) {
                try {
                    int index = Integer.parseInt(t.substring(api.key.length() + 1));
                    if (index >= 0) {
                        return on(api, index);
                    }
                } catch (NumberFormatException e) {
                    // reported below with the accepted forms
                }
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a backend: use " + FORMS);
    }

    /**
     * Opens the backend, {@code threads} being the CPU's compute threads; a GPU backend tells
     * {@code copiedBytes} of every piece of weights it copies into its memory.
     */
    public Backend open(int threads, LongConsumer copiedBytes) {
        return switch (kind) {
            case CPU -> new CpuBackend(threads);
            case GPU -> gpu.open(device == ANY_DEVICE ? gpu.preferred() : device, copiedBytes);
            case AUTO -> firstGpu().<Backend>map(d -> d.api().open(d.index(), copiedBytes))
                    .orElseGet(() -> new CpuBackend(threads));
        };
    }

    /** The first real GPU of any API; none where no API has one, which for {@code auto} means the CPU. */
    private static Optional<ComputeDevices.Device> firstGpu() {
        for (GpuApi api : GpuApi.values()) {
            try {
                Optional<ComputeDevices.Device> gpu = api.devices().stream().filter(ComputeDevices.Device::gpu).findFirst();
                if (gpu.isPresent()) {
                    return gpu;
                }
            } catch (BackendUnavailableException e) {
                // this API is not here: try the next
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return switch (kind) {
            case AUTO -> "auto";
            case CPU -> "cpu";
            case GPU -> device == ANY_DEVICE ? gpu.key : gpu.choice(device);
        };
    }
}
