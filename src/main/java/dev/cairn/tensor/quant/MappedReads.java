package dev.cairn.tensor.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Keeps a fault in a read of a file mapping catchable. When a model file shrinks under its mapping, reading
 * a page past the new end faults (SIGBUS). HotSpot turns that fault into an {@link InternalError}, which the
 * engine explains ("changed on disk"), but only inside compiled methods that C2 has marked as reading
 * off-heap memory, and C2 (JDK 25) marks a method for its scalar segment reads, not for its vector loads.
 * A compiled method whose only reads of a mapping are vector loads crashes the JVM instead.
 *
 * <p>So every method that loads vectors from a segment reads a scalar from it first: a block's scale ahead
 * of its quants, or else {@link #markFaultable}, unconditionally (a scalar read only in a tail loop that
 * never runs is compiled out, and its mark with it). One helper is a known exception, Q4_K's groupSum:
 * with a read in it, its caller passed C2's inlining node cutoff and the vectors groupSum takes and returns
 * were boxed (tinyllama Q4_K_M decode fell from 12.4 to 5-8 tok/s), so a Q4_K model whose file shrinks
 * during a mat-vec can still crash the JVM. MappedFaultTest calls every kernel with each of its methods
 * compiled on its own and checks the rule on the code of every vector width.
 */
public final class MappedReads {

    private MappedReads() {
    }

    /** One scalar read at {@code at}, its value unused, so the compiled caller's faults on {@code data} become errors. */
    public static void markFaultable(MemorySegment data, long at) {
        data.get(ValueLayout.JAVA_BYTE, at);
    }
}
