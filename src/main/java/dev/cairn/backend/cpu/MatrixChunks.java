package dev.cairn.backend.cpu;

import dev.cairn.backend.Weight;

/**
 * The rows of several matrices handled in one parallel pass, cut into chunks of a fixed number of rows:
 * which matrix and rows a chunk index stands for. Reused across calls, so planning allocates nothing.
 */
final class MatrixChunks {

    private static final int MAX_MATRICES = 8;

    private final int rowsPerChunk;
    private final int[] firstChunk = new int[MAX_MATRICES + 1]; // (matrices + 1) chunk index where each matrix starts

    MatrixChunks(int rowsPerChunk) {
        this.rowsPerChunk = rowsPerChunk;
    }

    /** Plans chunks over {@code matrices}, one output each; returns the number of chunks. */
    int plan(Weight[] matrices, int outputs) {
        if (matrices.length == 0 || matrices.length > MAX_MATRICES || matrices.length != outputs) {
            throw new IllegalArgumentException("between 1 and " + MAX_MATRICES + " matrices, one output each");
        }
        for (int i = 0; i < matrices.length; i++) {
            firstChunk[i + 1] = firstChunk[i] + (matrices[i].rows() + rowsPerChunk - 1) / rowsPerChunk;
        }
        return firstChunk[matrices.length];
    }

    /** Index of the matrix that {@code chunk} belongs to. */
    int matrixOf(int chunk) {
        int m = 0;
        while (chunk >= firstChunk[m + 1]) {
            m++;
        }
        return m;
    }

    /** First row of {@code chunk} within its matrix {@code matrix}. */
    int firstRow(int chunk, int matrix) {
        return (chunk - firstChunk[matrix]) * rowsPerChunk;
    }
}
