// Shared by every kernel (OpenCL C 1.2): the work-group width, little-endian reads of GGML block fields
// from bytes (blocks are at best 2-byte aligned, so wider fields are put together from halves), and one
// reduction across a work-group in local memory.
#define GROUP 64

float f16At(__global const uchar *p) {
    return vload_half(0, (__global const half *) p);
}

uint u16At(__global const uchar *p) {
    return p[0] | ((uint) p[1] << 8);
}

uint u32At(__global const uchar *p) {
    return u16At(p) | (u16At(p + 2) << 16);
}

// The four bytes from p on.
uchar4 bytes4(__global const uchar *p) {
    return vload4(0, p);
}

// Bits 0..3 of v as four values of 0 or 1.
float4 lowBits4(uint v) {
    return (float4)(v & 1u, (v >> 1) & 1u, (v >> 2) & 1u, (v >> 3) & 1u);
}

float component(float4 v, uint k) {
    return k == 0u ? v.x : k == 1u ? v.y : k == 2u ? v.z : v.w;
}

// The sum (or the maximum) of one value per work-item of a GROUP-wide work-group, returned to all of them;
// scratch is the kernel's __local float[GROUP]. Call from uniform control flow.
float groupReduce(float value, bool takeMax, __local float *scratch) {
    uint id = get_local_id(0);
    scratch[id] = value;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (uint stride = GROUP / 2; stride > 0u; stride >>= 1) {
        if (id < stride) {
            scratch[id] = takeMax ? fmax(scratch[id], scratch[id + stride]) : scratch[id] + scratch[id + stride];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    float total = scratch[0];
    barrier(CLK_LOCAL_MEM_FENCE); // the next call may overwrite what this one read
    return total;
}
