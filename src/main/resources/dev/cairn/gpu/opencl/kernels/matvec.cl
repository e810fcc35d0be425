// out[r] = W[r] . x for one token (decode): a work-group takes ROWS rows, LANES work-items to a row, each
// striding its row four weights at a time; the lanes of a row sum through local memory.
#define ROWS 8u
#define LANES (GROUP / ROWS)

__kernel __attribute__((reqd_work_group_size(GROUP, 1, 1)))
void matvec(__global const uchar *w, __global const float *x, __global float *out, uint cols, uint rowBytes, uint rows) {
    __local float partial[GROUP];
    uint id = get_local_id(0);
    uint lane = id % LANES;
    uint row = get_group_id(0) * ROWS + id / LANES;
    float sum = 0.0f;
    if (row < rows) {
        __global const uchar *start = w + (size_t) row * rowBytes;
        for (uint c = 4u * lane; c < cols; c += 4u * LANES) {
            sum += dot4(weights4(start, c), x, c, cols);
        }
    }
    partial[id] = sum;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (uint stride = LANES / 2u; stride > 0u; stride >>= 1) {
        if (lane < stride) {
            partial[id] += partial[id + stride];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (row < rows && lane == 0u) {
        out[row] = partial[id];
    }
}
