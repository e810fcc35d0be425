package dev.cairn.gpu.opencl;

import static org.lwjgl.opencl.CL10.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.lwjgl.opencl.CL10.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.lwjgl.opencl.CL10.CL_DEVICE_NOT_FOUND;
import static org.lwjgl.opencl.CL10.CL_DEVICE_MAX_MEM_ALLOC_SIZE;
import static org.lwjgl.opencl.CL10.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.lwjgl.opencl.CL10.CL_DEVICE_NAME;
import static org.lwjgl.opencl.CL10.CL_DEVICE_TYPE;
import static org.lwjgl.opencl.CL10.CL_DEVICE_TYPE_ACCELERATOR;
import static org.lwjgl.opencl.CL10.CL_DEVICE_TYPE_ALL;
import static org.lwjgl.opencl.CL10.CL_DEVICE_TYPE_CPU;
import static org.lwjgl.opencl.CL10.CL_DEVICE_TYPE_GPU;
import static org.lwjgl.opencl.CL10.CL_DEVICE_VERSION;
import static org.lwjgl.opencl.CL10.CL_DRIVER_VERSION;
import static org.lwjgl.opencl.CL10.CL_PLATFORM_NAME;
import static org.lwjgl.opencl.CL10.clGetDeviceIDs;
import static org.lwjgl.opencl.CL10.clGetDeviceInfo;
import static org.lwjgl.opencl.CL10.clGetPlatformIDs;
import static org.lwjgl.opencl.CL10.clGetPlatformInfo;
import static org.lwjgl.opencl.CL11.CL_DEVICE_HOST_UNIFIED_MEMORY;
import static org.lwjgl.system.MemoryStack.stackPush;

import dev.cairn.backend.BackendUnavailableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;

/** The OpenCL devices of this machine, every platform's in the ICD loader's order: the indices of {@code --backend opencl:N}. */
public final class OpenClDevices {

    private static final String NO_PLATFORM = "OpenCL has no platform here: install a driver, e.g. apt-get install "
            + "pocl-opencl-icd (or your GPU vendor's OpenCL driver)";

    private OpenClDevices() {
    }

    /** A device's platform and device handles. */
    record Handles(long platform, long device) {
    }

    /**
     * What a plain {@code opencl} choice computes on: the first real GPU, else the first device (such as PoCL).
     *
     * @throws BackendUnavailableException when there is no loader, no platform or no device (see {@link #list()})
     */
    public static OpenClDeviceInfo preferred() {
        List<OpenClDeviceInfo> devices = list();
        return devices.stream().filter(OpenClDeviceInfo::isGpu).findFirst().orElse(devices.getFirst());
    }

    /**
     * Every device of every platform (at least one).
     *
     * @throws BackendUnavailableException when there is no loader, no platform, no device, or a platform
     *         could not list its devices
     */
    public static List<OpenClDeviceInfo> list() {
        List<OpenClDeviceInfo> devices = new ArrayList<>();
        for (Handles h : handles()) {
            devices.add(describe(devices.size(), h));
        }
        return List.copyOf(devices);
    }

    /** Device {@code index} of {@link #list()}, or why there is none. */
    static Handles handles(int index) {
        List<Handles> all = handles();
        if (index < 0 || index >= all.size()) {
            throw new BackendUnavailableException("there is no OpenCL device " + index + ": this machine has " + all.size()
                    + " (see 'cairn devices')");
        }
        return all.get(index);
    }

    private static List<Handles> handles() {
        Cl.load();
        try (MemoryStack stack = stackPush()) {
            int[] count = new int[1];
            int status = clGetPlatformIDs(null, count);
            if (status == -1001 || (status == 0 && count[0] == 0)) { // CL_PLATFORM_NOT_FOUND_KHR: the loader found no driver
                throw new BackendUnavailableException(NO_PLATFORM);
            }
            if (status != 0) {
                throw new BackendUnavailableException("OpenCL could not list its platforms: clGetPlatformIDs failed: "
                        + Cl.name(status));
            }
            PointerBuffer platforms = stack.mallocPointer(count[0]);
            Cl.check(clGetPlatformIDs(platforms, (int[]) null), "clGetPlatformIDs");
            List<Handles> all = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int p = 0; p < platforms.capacity(); p++) {
                long platform = platforms.get(p);
                names.add(platformName(platform));
                int[] devices = new int[1];
                if (!hasDevices(clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, null, devices), names.getLast())) {
                    continue;
                }
                PointerBuffer ids = stack.mallocPointer(devices[0]);
                Cl.check(clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, ids, (int[]) null), "clGetDeviceIDs");
                for (int d = 0; d < devices[0]; d++) {
                    all.add(new Handles(platform, ids.get(d)));
                }
            }
            if (all.isEmpty()) {
                throw new BackendUnavailableException(noDevices(names));
            }
            return all;
        }
    }

    /**
     * Whether {@code status}, clGetDeviceIDs's answer for {@code platform}, lists devices: CL_DEVICE_NOT_FOUND
     * is a platform without devices, skipped; any other error is one line for {@code cairn devices}.
     */
    static boolean hasDevices(int status, String platform) {
        if (status == CL_DEVICE_NOT_FOUND) {
            return false;
        }
        if (status != 0) {
            throw new BackendUnavailableException("OpenCL platform " + platform + " could not list its devices: clGetDeviceIDs failed: "
                    + Cl.name(status));
        }
        return true;
    }

    /** Why there is no device when the platforms {@code platforms} are installed but none has one. */
    static String noDevices(List<String> platforms) {
        return "OpenCL has " + (platforms.size() == 1 ? "a platform" : platforms.size() + " platforms") + " ("
                + String.join(", ", platforms) + ") but no device: check that the driver supports this machine's device "
                + "(e.g. clinfo lists it)";
    }

    static OpenClDeviceInfo describe(int index, Handles h) {
        long device = h.device();
        long type = longInfo(device, CL_DEVICE_TYPE);
        boolean unified = longInfo(device, CL_DEVICE_HOST_UNIFIED_MEMORY) != 0;
        return new OpenClDeviceInfo(index, text(device, CL_DEVICE_NAME), typeName(type, unified), platformName(h.platform()),
                text(device, CL_DEVICE_VERSION), text(device, CL_DRIVER_VERSION), longInfo(device, CL_DEVICE_GLOBAL_MEM_SIZE),
                longInfo(device, CL_DEVICE_MAX_MEM_ALLOC_SIZE), (int) longInfo(device, CL_DEVICE_MAX_COMPUTE_UNITS),
                sizeInfo(device, CL_DEVICE_MAX_WORK_GROUP_SIZE));
    }

    private static String typeName(long type, boolean unifiedMemory) {
        if ((type & CL_DEVICE_TYPE_GPU) != 0) {
            return unifiedMemory ? "integrated" : "discrete";
        }
        if ((type & CL_DEVICE_TYPE_CPU) != 0) {
            return "cpu";
        }
        return (type & CL_DEVICE_TYPE_ACCELERATOR) != 0 ? "accelerator" : "other";
    }

    /** A device property of up to 64 bits (cl_uint, cl_ulong, cl_bool, cl_bitfield), zero-extended. */
    private static long longInfo(long device, int param) {
        try (MemoryStack stack = stackPush()) {
            ByteBuffer value = stack.calloc(8);
            Cl.check(clGetDeviceInfo(device, param, value, null), "clGetDeviceInfo");
            return value.getLong(0);
        }
    }

    private static long sizeInfo(long device, int param) {
        try (MemoryStack stack = stackPush()) {
            PointerBuffer value = stack.callocPointer(1);
            Cl.check(clGetDeviceInfo(device, param, value, null), "clGetDeviceInfo");
            return value.get(0);
        }
    }

    /** One of OpenCL's info queries: {@code clGetDeviceInfo} or {@code clGetPlatformInfo} on one handle. */
    private interface InfoQuery {
        int get(int param, ByteBuffer value, PointerBuffer sizeReturned);
    }

    private static String text(long device, int param) {
        return text((p, value, size) -> clGetDeviceInfo(device, p, value, size), param, "clGetDeviceInfo");
    }

    private static String platformName(long platform) {
        return text((p, value, size) -> clGetPlatformInfo(platform, p, value, size), CL_PLATFORM_NAME, "clGetPlatformInfo");
    }

    /** A string property: its size first, then its bytes. */
    private static String text(InfoQuery query, int param, String call) {
        try (MemoryStack stack = stackPush()) {
            PointerBuffer size = stack.mallocPointer(1);
            Cl.check(query.get(param, null, size), call);
            ByteBuffer bytes = stack.malloc((int) size.get(0));
            Cl.check(query.get(param, bytes, null), call);
            return decode(bytes);
        }
    }

    /** A NUL-terminated string OpenCL wrote. */
    private static String decode(ByteBuffer bytes) {
        byte[] raw = new byte[bytes.remaining()];
        bytes.get(raw);
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        return new String(raw, 0, end, StandardCharsets.UTF_8).strip();
    }
}
