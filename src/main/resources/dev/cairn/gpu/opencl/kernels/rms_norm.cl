// out[s] = x[s] / rms(x[s]) * weight for each segment s of `size` floats: a token's row (RMS norm) or one
// head of it (per-head Q/K norm). A work-group per segment; x and out may be the same buffer.
__kernel __attribute__((reqd_work_group_size(GROUP, 1, 1)))
void rms_norm(__global const float *x, __global const float *weight, __global float *out, uint size, float eps) {
    __local float scratch[GROUP];
    size_t base = get_group_id(0) * (size_t) size;
    float sumSquares = 0.0f;
    for (uint i = get_local_id(0); i < size; i += GROUP) {
        float v = x[base + i];
        sumSquares += v * v;
    }
    float scale = rsqrt(groupReduce(sumSquares, false, scratch) / size + eps);
    for (uint i = get_local_id(0); i < size; i += GROUP) {
        out[base + i] = x[base + i] * scale * weight[i];
    }
}
