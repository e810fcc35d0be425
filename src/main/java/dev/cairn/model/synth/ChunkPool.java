package dev.cairn.model.synth;

import dev.cairn.tensor.quant.GgmlType;
import dev.cairn.tensor.quant.QuantFormat;
import dev.cairn.tensor.quant.QuantFormats;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

/**
 * A few thousand random 256-weight chunks, stored in one type, that the rows of a matrix are assembled
 * from. Quantizing every weight of a 70B model takes about an hour on two cores; picking stored chunks
 * is a copy, so generation runs at the disk's speed. 256 is a whole number of blocks of every type, and
 * the same seed gives the same chunks in every type, so a quantized model is exactly the quantization of
 * its F32 twin. Values are uniform with variance {@code 1/cols}, which keeps activations of unit scale.
 */
final class ChunkPool {

    /** Weights per chunk: the largest block size (the K-quants' super-block). */
    static final int CHUNK = 256;
    /** Enough chunks that two rows share a chunk at the same place about once in this many. */
    static final int CHUNKS = 4096;

    private final MemorySegment chunks;   // (CHUNKS) chunkBytes each
    private final long chunkBytes;

    ChunkPool(GgmlType type, int cols, long seed) {
        QuantFormat format = QuantFormats.of(type);
        float bound = (float) Math.sqrt(3.0 / cols);
        chunkBytes = type.bytesFor(CHUNK);
        chunks = MemorySegment.ofArray(new byte[Math.toIntExact(CHUNKS * chunkBytes)]);
        SplittableRandom random = new SplittableRandom(seed * 31L + cols);
        float[] values = new float[CHUNK];
        for (int c = 0; c < CHUNKS; c++) {
            for (int i = 0; i < CHUNK; i++) {
                values[i] = (random.nextFloat() * 2f - 1f) * bound;
            }
            format.quantize(values, 0, chunks, c * chunkBytes, CHUNK);
        }
    }

    /** Fills {@code rows} rows of {@code cols} weights from {@code target}'s start; row {@code r}'s picks depend only on {@code rowSeed + r}. */
    void fill(MemorySegment target, long rowSeed, int rows, int cols) {
        int perRow = cols / CHUNK;
        long at = 0;
        for (int r = 0; r < rows; r++) {
            SplittableRandom pick = new SplittableRandom(rowSeed + r);
            for (int c = 0; c < perRow; c++) {
                MemorySegment.copy(chunks, pick.nextInt(CHUNKS) * chunkBytes, target, at, chunkBytes);
                at += chunkBytes;
            }
        }
    }

    static boolean fits(int cols) {
        return cols % CHUNK == 0;
    }
}
