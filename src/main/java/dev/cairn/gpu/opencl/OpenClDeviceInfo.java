package dev.cairn.gpu.opencl;

/**
 * What {@code cairn devices} shows of one OpenCL device, and what the backend sizes its buffers by.
 *
 * @param index            the device's place over every platform in the ICD loader's order: N of {@code --backend opencl:N}
 * @param type             discrete, integrated, cpu (such as PoCL), accelerator or other
 * @param platform         the platform (driver) that offers it
 * @param version          the OpenCL version the device reports
 * @param globalMemoryBytes the device's memory: where weights go
 * @param maxAllocationBytes the most one buffer may hold: larger tensors are split
 * @param computeUnits     parallel compute units
 * @param maxWorkGroupSize the most work-items of one work-group
 */
public record OpenClDeviceInfo(int index, String name, String type, String platform, String version, String driver,
        long globalMemoryBytes, long maxAllocationBytes, int computeUnits, long maxWorkGroupSize) {

    /** A real GPU, which {@code --backend auto} may pick; not a CPU that implements OpenCL (PoCL). */
    public boolean isGpu() {
        return type.equals("discrete") || type.equals("integrated");
    }
}
