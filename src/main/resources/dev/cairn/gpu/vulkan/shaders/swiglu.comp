#version 450
#extension GL_GOOGLE_include_directive : require
// gate[i] = silu(gate[i]) * up[i]: the SwiGLU activation.
layout(local_size_x = 64) in;

#include "elements.glsl"

layout(std430, binding = 0) buffer Gate { float gate[]; };
layout(std430, binding = 1) readonly buffer Up { float up[]; };

layout(push_constant) uniform Params {
    uint n;
} p;

void main() {
    uint i = elementIndex();
    if (i < p.n) {
        float g = gate[i];
        gate[i] = g / (1.0 + exp(-g)) * up[i];
    }
}
