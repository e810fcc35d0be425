package dev.cairn.tensor.quant;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Run by {@link MappedFaultTest} in a JVM of its own: warms every format's kernels on rows mapped from a
 * file until the JIT has compiled them, truncates the file, and calls each kernel once more. A read of a
 * truncated mapping must fail with the JVM's InternalError; the JVM crashes instead (SIGBUS) when a
 * compiled method's only reads of the mapping are vector loads. Prints one line per kernel call.
 */
public final class MappedFaultProbe {

    private static final int ROWS = 8;
    private static final int COLS = 512;
    private static final int WARM_ROUNDS = 4000;
    static final List<String> OPS = List.of("dot", "dotSpaced", "decode");

    /**
     * The kernel helper known to crash the JVM on a truncated mapping (see {@link MappedReads}) when C2
     * compiles it on its own: a scalar read in it pushed its caller past C2's inlining node cutoff, after
     * which the vectors it takes and returns were boxed (tinyllama Q4_K_M decode fell from 12.4 to 5-8
     * tok/s), so it stays unmarked, and the probe leaves out the dot products that run it.
     */
    static final List<String> UNMARKED = List.of("Q4KFormat.groupSum");

    /** Whether {@code op} on {@code type} runs an {@link #UNMARKED} helper. */
    static boolean runsUnmarked(GgmlType type, String op) {
        return type == GgmlType.Q4_K && !op.equals("decode");
    }

    private record Mapped(QuantFormat format, long rowBytes, MemorySegment data) {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        float[] x = new float[COLS];
        Random random = new Random(7);
        for (int i = 0; i < COLS; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] xSums = QuantFormat.blockSums(x, 0, COLS);
        List<Mapped> mapped = new ArrayList<>();
        try (Arena arena = Arena.ofShared()) {
            for (GgmlType type : storageTypes()) {
                mapped.add(map(dir.resolve(type + ".bin"), QuantFormats.of(type), random, arena));
            }
            float[] out = new float[ROWS];
            float[] row = new float[COLS];
            for (int round = 0; round < WARM_ROUNDS; round++) {
                for (Mapped m : mapped) {
                    for (String op : OPS) {
                        if (!runsUnmarked(m.format.type(), op)) {
                            call(m, op, x, xSums, out, row);
                        }
                    }
                }
            }
            for (Mapped m : mapped) {
                try (FileChannel channel = FileChannel.open(dir.resolve(m.format.type() + ".bin"), StandardOpenOption.WRITE)) {
                    channel.truncate(0);
                }
            }
            for (Mapped m : mapped) {
                for (String op : OPS) {
                    if (runsUnmarked(m.format.type(), op)) {
                        continue;
                    }
                    try {
                        call(m, op, x, xSums, out, row);
                        System.out.println(m.format.type() + " " + op + " returned");
                    } catch (InternalError e) {
                        System.out.println(m.format.type() + " " + op + " faulted");
                    }
                }
            }
        }
    }

    /** The types that hold weights ({@link QuantFormats#of}). */
    static List<GgmlType> storageTypes() {
        return Arrays.stream(GgmlType.values()).filter(t -> t != GgmlType.Q8_1 && t != GgmlType.Q8_K).toList();
    }

    private static Mapped map(Path file, QuantFormat format, Random random, Arena arena) throws IOException {
        long rowBytes = format.type().bytesFor(COLS);
        float[] values = new float[COLS];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MemorySegment data = channel.map(FileChannel.MapMode.READ_WRITE, 0, rowBytes * ROWS, arena);
            for (int r = 0; r < ROWS; r++) {
                for (int i = 0; i < COLS; i++) {
                    values[i] = (float) random.nextGaussian();
                }
                format.quantize(values, 0, data, r * rowBytes, COLS);
            }
            return new Mapped(format, rowBytes, data);
        }
    }

    private static void call(Mapped m, String op, float[] x, float[] xSums, float[] out, float[] row) {
        int stride = ROWS / m.format.rowsAtOnce(); // dotSpaced's rows r, r + stride, ... all lie under ROWS
        for (int r = 0; r < Math.min(ROWS / 2, stride); r++) {
            long at = r * m.rowBytes;
            switch (op) {
                case "dot" -> out[r] = m.format.dot(m.data, at, x, 0, xSums, COLS);
                case "dotSpaced" -> m.format.dotSpaced(m.data, at, stride * m.rowBytes, x, 0, xSums, COLS, out, r, stride);
                default -> m.format.decode(m.data, at, row, 0, COLS);
            }
        }
    }
}
