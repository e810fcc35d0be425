#version 450
#extension GL_GOOGLE_include_directive : require
// acc[i] += addend[i % period]: the residual connection (period = n) and a bias on every row (period = cols).
layout(local_size_x = 64) in;

#include "elements.glsl"

layout(std430, binding = 0) buffer Acc { float acc[]; };
layout(std430, binding = 1) readonly buffer Addend { float addend[]; };

layout(push_constant) uniform Params {
    uint n;
    uint period;
} p;

void main() {
    uint i = elementIndex();
    if (i < p.n) {
        acc[i] += addend[i % p.period];
    }
}
