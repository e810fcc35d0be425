// out[t][r] = W[r] . x[t] for a prompt batch: a work-group takes ROWS rows, LANES work-items to a row, and
// a tile of TILE tokens (the second dimension), so each weight is decoded once per tile, four at a time.
#define ROWS 8u
#define LANES (GROUP / ROWS)
#define TILE 8u

__kernel __attribute__((reqd_work_group_size(GROUP, 1, 1)))
void matmul(__global const uchar *w, __global const float *x, __global float *out, uint cols, uint rowBytes, uint rows,
        uint count) {
    __local float partial[TILE][GROUP];
    uint id = get_local_id(0);
    uint lane = id % LANES;
    uint row = get_group_id(0) * ROWS + id / LANES;
    uint first = get_group_id(1) * TILE;
    uint tokens = min(TILE, count - first);
    float acc[TILE];
    for (uint t = 0u; t < TILE; t++) {
        acc[t] = 0.0f;
    }
    if (row < rows) {
        __global const uchar *start = w + (size_t) row * rowBytes;
        for (uint c = 4u * lane; c < cols; c += 4u * LANES) {
            float4 weights = weights4(start, c);
            for (uint t = 0u; t < tokens; t++) {
                acc[t] += dot4(weights, x + (size_t) (first + t) * cols, c, cols);
            }
        }
    }
    for (uint t = 0u; t < TILE; t++) {
        partial[t][id] = acc[t];
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    for (uint stride = LANES / 2u; stride > 0u; stride >>= 1) {
        if (lane < stride) {
            for (uint t = 0u; t < TILE; t++) {
                partial[t][id] += partial[t][id + stride];
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    // Lane t of a row writes token t's sum, which sits in the row's first lane.
    if (row < rows && lane < tokens) {
        out[(size_t) (first + lane) * rows + row] = partial[lane][id - lane];
    }
}
