package dev.cairn.gpu.opencl;

import dev.cairn.backend.BackendUnavailableException;
import org.lwjgl.opencl.CL;
import org.lwjgl.system.Configuration;
import org.lwjgl.system.Platform;

/** Loading the OpenCL ICD loader once, and OpenCL's status codes turned into exceptions. */
final class Cl {

    private static final String LOADER = "libOpenCL.so.1";
    private static volatile String missing; // why the loader could not be loaded; null once it was

    private Cl() {
    }

    /**
     * Loads the ICD loader, once. LWJGL asks for {@code libOpenCL.so}, which only the -dev package
     * provides on Linux, so the runtime's {@code libOpenCL.so.1} is named first (unless
     * {@code -Dorg.lwjgl.opencl.libname} says otherwise). A failed load fails every later call alike: LWJGL's
     * class is then unusable for the rest of the process.
     *
     * @throws BackendUnavailableException when there is no loader
     */
    static synchronized void load() {
        if (missing != null) {
            throw new BackendUnavailableException(missing);
        }
        try {
            if (Platform.get() == Platform.LINUX && Configuration.OPENCL_LIBRARY_NAME.get() == null) {
                Configuration.OPENCL_LIBRARY_NAME.set(LOADER);
            }
            CL.getFunctionProvider();
        } catch (Throwable e) { // UnsatisfiedLinkError, or the class's failed initialisation
            missing = "no OpenCL ICD loader (" + LOADER + "): install one and a driver, e.g. apt-get install "
                    + "ocl-icd-libopencl1 pocl-opencl-icd (or your GPU vendor's OpenCL driver)";
            throw new BackendUnavailableException(missing, e);
        }
    }

    /** Throws unless {@code status} is CL_SUCCESS. */
    static void check(int status, String call) {
        if (status != 0) {
            throw new IllegalStateException(call + " failed: " + name(status));
        }
    }

    /** The name of an OpenCL status code, with the code. */
    static String name(int status) {
        String name = switch (status) {
            case -1 -> "CL_DEVICE_NOT_FOUND";
            case -2 -> "CL_DEVICE_NOT_AVAILABLE";
            case -4 -> "CL_MEM_OBJECT_ALLOCATION_FAILURE";
            case -5 -> "CL_OUT_OF_RESOURCES";
            case -6 -> "CL_OUT_OF_HOST_MEMORY";
            case -11 -> "CL_BUILD_PROGRAM_FAILURE";
            case -30 -> "CL_INVALID_VALUE";
            case -38 -> "CL_INVALID_MEM_OBJECT";
            case -48 -> "CL_INVALID_KERNEL";
            case -51 -> "CL_INVALID_ARG_SIZE";
            case -52 -> "CL_INVALID_KERNEL_ARGS";
            case -54 -> "CL_INVALID_WORK_GROUP_SIZE";
            case -61 -> "CL_INVALID_BUFFER_SIZE";
            case -1001 -> "CL_PLATFORM_NOT_FOUND_KHR";
            default -> "error";
        };
        return name + " (" + status + ")";
    }
}
