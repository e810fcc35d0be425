// Weights of a row that starts at `row`, whatever its storage format: the format's dequantize4 comes
// before this file, and the host defines QK (elements per block; four for float types) and BLOCK_BYTES
// from the same table the CPU decodes by. A format decodes four elements at a time: they share their
// block's scales.

// Elements c..c+3 of the row (c a multiple of 4). Past the row's end (the tail of an odd float row) the
// values are whatever follows: weight buffers carry 16 bytes of padding so such reads stay inside.
float4 weights4(__global const uchar *row, uint c) {
    return dequantize4(row + (c / QK) * BLOCK_BYTES, c % QK);
}

float weightAt(__global const uchar *row, uint c) {
    return component(weights4(row, c & ~3u), c & 3u);
}

// The dot product of weights c..c+3 with x[c..c+3], only as far as the row's `cols` elements go.
float dot4(float4 w, __global const float *x, uint c, uint cols) {
    if (c + 4u <= cols) {
        return dot(w, vload4(0, x + c));
    }
    float sum = 0.0f;
    for (uint k = 0u; c + k < cols; k++) {
        sum += component(w, k) * x[c + k];
    }
    return sum;
}
