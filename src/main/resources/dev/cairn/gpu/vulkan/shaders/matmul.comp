#version 450
#extension GL_GOOGLE_include_directive : require
// out[t][outRow + r] = W[firstRow + r] . x[t] for the rows r of one dispatch over one buffer of W, and a
// tile of TILE tokens per workgroup: each weight is decoded once per tile. A 64-wide workgroup per row.
layout(local_size_x = 64) in;

#define WEIGHTS_BINDING 0
#include "weight_row.glsl"

layout(std430, binding = 1) readonly buffer X { float x[]; };  // (count, cols)
layout(std430, binding = 2) writeonly buffer Out { float outs[]; }; // (count, outCols)

layout(push_constant) uniform Params {
    uint cols;     // weights per row = inputs per token
    uint rowBytes; // bytes per stored row
    uint firstRow; // the first row of this dispatch in the bound buffer
    uint outRow;   // its row in the whole matrix: the output column it fills
    uint outCols;  // outputs per token
    uint count;    // tokens
} p;

#define TILE 8u
shared float partial[TILE][64];

void main() {
    uint id = gl_LocalInvocationID.x;
    uint first = gl_WorkGroupID.y * TILE;
    uint tokens = min(TILE, p.count - first);
    uint rowStart = (p.firstRow + gl_WorkGroupID.x) * p.rowBytes;
    float acc[TILE];
    for (uint t = 0u; t < TILE; t++) {
        acc[t] = 0.0;
    }
    for (uint c = id; c < p.cols; c += 64u) {
        float w = weightAt(rowStart, c);
        for (uint t = 0u; t < tokens; t++) {
            acc[t] += w * x[(first + t) * p.cols + c];
        }
    }
    for (uint t = 0u; t < TILE; t++) {
        partial[t][id] = acc[t];
    }
    barrier();
    for (uint stride = 32u; stride > 0u; stride >>= 1) {
        if (id < stride) {
            for (uint t = 0u; t < TILE; t++) {
                partial[t][id] += partial[t][id + stride];
            }
        }
        barrier();
    }
    if (id < tokens) {
        outs[(first + id) * p.outCols + p.outRow + gl_WorkGroupID.x] = partial[id][0];
    }
}
