// gate[i] = silu(gate[i]) * up[i]: the SwiGLU activation.
__kernel void swiglu(__global float *gate, __global const float *up, uint n) {
    uint i = get_global_id(0);
    if (i < n) {
        float g = gate[i];
        gate[i] = g / (1.0f + exp(-g)) * up[i];
    }
}
