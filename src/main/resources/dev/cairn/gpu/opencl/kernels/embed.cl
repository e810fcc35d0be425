// out[outRow] = row `row` of the table, decoded to floats: one token's embedding.
__kernel void embed(__global const uchar *table, __global float *out, uint cols, uint rowBytes, uint row, uint outRow) {
    uint c = get_global_id(0);
    if (c < cols) {
        out[(size_t) outRow * cols + c] = weightAt(table + (size_t) row * rowBytes, c);
    }
}
