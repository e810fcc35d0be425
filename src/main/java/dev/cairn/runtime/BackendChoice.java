package dev.cairn.runtime;

import dev.cairn.backend.Backend;
import dev.cairn.backend.BackendUnavailableException;
import dev.cairn.backend.cpu.CpuBackend;
import dev.cairn.gpu.vulkan.DeviceInfo;
import dev.cairn.gpu.vulkan.VulkanBackend;
import dev.cairn.gpu.vulkan.VulkanDevices;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Where a model computes, as the user says it: {@code auto} (the first discrete or integrated GPU, else the
 * CPU), {@code cpu}, {@code vulkan} (the first Vulkan GPU, else any Vulkan device such as lavapipe) or
 * {@code vulkan:N} (device N of {@code cairn devices}). A Vulkan choice that cannot be met fails with a
 * {@link BackendUnavailableException}; it never falls back to the CPU.
 *
 * @param device the Vulkan device index, or {@link #ANY_DEVICE}
 */
public record BackendChoice(Kind kind, int device) {

    public enum Kind { AUTO, CPU, VULKAN }

    public static final int ANY_DEVICE = -1;
    public static final BackendChoice AUTO = new BackendChoice(Kind.AUTO, ANY_DEVICE);
    public static final BackendChoice CPU = new BackendChoice(Kind.CPU, ANY_DEVICE);

    /** What {@code --backend} accepts, for help texts and errors. */
    public static final String FORMS = "auto, cpu, vulkan or vulkan:N";

    public BackendChoice {
        if (kind != Kind.VULKAN && device != ANY_DEVICE) {
            throw new IllegalArgumentException("only a Vulkan choice names a device");
        }
    }

    public static BackendChoice vulkan(int device) {
        return new BackendChoice(Kind.VULKAN, device);
    }

    public static BackendChoice parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) {
            return AUTO;
        }
        if (t.equals("cpu")) {
            return CPU;
        }
        if (t.equals("vulkan")) {
            return vulkan(ANY_DEVICE);
        }
        if (t.startsWith("vulkan:")) {
            try {
                int index = Integer.parseInt(t.substring("vulkan:".length()));
                if (index >= 0) {
                    return vulkan(index);
                }
            } catch (NumberFormatException e) {
                // reported below with the accepted forms
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
            case VULKAN -> new VulkanBackend(device == ANY_DEVICE ? VulkanDevices.preferred().index() : device, copiedBytes);
            case AUTO -> firstGpu().<Backend>map(gpu -> new VulkanBackend(gpu.index(), copiedBytes))
                    .orElseGet(() -> new CpuBackend(threads));
        };
    }

    /** The first real GPU; none where Vulkan is missing, which for {@code auto} means the CPU. */
    private static Optional<DeviceInfo> firstGpu() {
        try {
            return VulkanDevices.list().stream().filter(DeviceInfo::isGpu).findFirst();
        } catch (BackendUnavailableException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case AUTO -> "auto";
            case CPU -> "cpu";
            case VULKAN -> device == ANY_DEVICE ? "vulkan" : "vulkan:" + device;
        };
    }
}
