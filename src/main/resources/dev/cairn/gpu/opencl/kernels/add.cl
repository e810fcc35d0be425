// acc[i] += addend[i % period]: the residual connection (period = n) and a bias on every row (period = cols).
__kernel void add(__global float *acc, __global const float *addend, uint n, uint period) {
    uint i = get_global_id(0);
    if (i < n) {
        acc[i] += addend[i % period];
    }
}
