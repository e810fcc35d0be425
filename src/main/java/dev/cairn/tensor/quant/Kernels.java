package dev.cairn.tensor.quant;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Chooses the kernel width once at start-up, for the whole run: every format reads it into a
 * {@code static final} field, the only way the JIT sees the species as a constant and compiles SIMD code.
 * {@code -Dcairn.vector=false} disables the Vector API (scalar reference kernels everywhere);
 * {@code -Dcairn.vector.bits=64|128|256|512} forces a width (the tests run once per width).
 */
public final class Kernels {

    private static final VectorSpecies<Float> SPECIES = chooseSpecies();

    private Kernels() {
    }

    /** The species in use, or {@code null} when the Vector API is disabled. */
    public static VectorSpecies<Float> species() {
        return SPECIES;
    }

    public static String describe() {
        return SPECIES == null ? "scalar (Vector API disabled)" : "Vector API " + SPECIES.vectorBitSize() + "-bit";
    }

    private static VectorSpecies<Float> chooseSpecies() {
        if (!Boolean.parseBoolean(System.getProperty("cairn.vector", "true"))) {
            return null;
        }
        String bits = System.getProperty("cairn.vector.bits");
        if (bits == null || bits.isBlank()) {
            return FloatVector.SPECIES_PREFERRED;
        }
        return VectorSpecies.of(float.class, VectorShape.forBitSize(Integer.parseInt(bits.trim())));
    }
}
