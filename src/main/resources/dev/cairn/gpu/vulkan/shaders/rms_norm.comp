#version 450
#extension GL_GOOGLE_include_directive : require
#ifdef USE_SUBGROUPS
#extension GL_KHR_shader_subgroup_arithmetic : require
#endif
// out[s] = x[s] / rms(x[s]) * weight for each segment s of `size` floats: a token's row (RMS norm) or one
// head of it (per-head Q/K norm). A workgroup per segment; x and out may be the same buffer.
layout(local_size_x = 64) in;

#include "reduce.glsl"

layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) readonly buffer Weight { float weight[]; }; // (size)
layout(std430, binding = 2) writeonly buffer Out { float outs[]; };

layout(push_constant) uniform Params {
    uint size;
    float eps;
} p;

void main() {
    uint base = gl_WorkGroupID.x * p.size;
    float sumSquares = 0.0;
    for (uint i = gl_LocalInvocationID.x; i < p.size; i += 64u) {
        float v = x[base + i];
        sumSquares += v * v;
    }
    float scale = inversesqrt(workgroupSum(sumSquares) / float(p.size) + p.eps);
    for (uint i = gl_LocalInvocationID.x; i < p.size; i += 64u) {
        outs[base + i] = x[base + i] * scale * weight[i];
    }
}
