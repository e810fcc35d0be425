package dev.cairn.download;

import dev.cairn.runtime.Residency;

/**
 * What this machine offers a model, as a first load would use it: residency, memory budget, prefetch and
 * context cap; how fast the destination's disk reads (0 while unmeasured) and how much room it has.
 */
public record Machine(Residency residency, long budgetBytes, int prefetch, int contextCap, double diskBytesPerSecond,
                      long freeDiskBytes) {

    public Machine withDiskSpeed(double bytesPerSecond) {
        return new Machine(residency, budgetBytes, prefetch, contextCap, bytesPerSecond, freeDiskBytes);
    }

    public Machine withFreeDisk(long bytes) {
        return new Machine(residency, budgetBytes, prefetch, contextCap, diskBytesPerSecond, bytes);
    }
}
