package dev.cairn.tensor;

import static dev.cairn.tensor.quant.MappedReads.markFaultable;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * How fast this machine's cores read memory: {@code threads} threads each sum their share of a buffer far
 * larger than any cache, with the Vector API. That is the most a kernel that only reads weights could reach,
 * so a forward pass near it is bound by memory bandwidth rather than by arithmetic.
 */
public final class MemoryBandwidth {

    /** Larger than the last-level caches of the machines we run on (tens of MB), small beside any model. */
    static final long BUFFER_BYTES = 128L << 20;
    private static final int ROUNDS = 3;
    /** The widest vectors whatever the kernels use (-Dcairn.vector=false included): the machine's rate is the question. */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private MemoryBandwidth() {
    }

    /** Bytes per second read by {@code threads} threads together (the best of a few rounds). */
    public static double measure(int threads) {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment buffer = arena.allocate(BUFFER_BYTES, 64);
            buffer.fill((byte) 1); // touch every page, so the rounds time reads, not page faults
            long share = BUFFER_BYTES / threads / F.vectorByteSize() * F.vectorByteSize();
            double best = 0;
            for (int round = 0; round < ROUNDS; round++) {
                List<Thread> readers = new ArrayList<>();
                long start = System.nanoTime();
                for (int t = 0; t < threads; t++) {
                    MemorySegment part = buffer.asSlice(t * share, share);
                    readers.add(Thread.ofPlatform().start(() -> sum(part)));
                }
                for (Thread r : readers) {
                    r.join();
                }
                best = Math.max(best, share * threads * 1e9 / (System.nanoTime() - start));
            }
            return best;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** The sum keeps the loads from being optimised away. */
    private static volatile float sink;

    private static void sum(MemorySegment part) {
        markFaultable(part, 0);
        FloatVector acc = FloatVector.zero(F);
        for (long at = 0; at < part.byteSize(); at += F.vectorByteSize()) {
            acc = acc.add(FloatVector.fromMemorySegment(F, part, at, ByteOrder.nativeOrder()));
        }
        sink = acc.reduceLanes(VectorOperators.ADD);
    }
}
