#version 450
#extension GL_GOOGLE_include_directive : require
// out[outRow] = row `row` of the table, decoded to floats: one token's embedding.
layout(local_size_x = 64) in;

#define WEIGHTS_BINDING 0
#include "weight_row.glsl"

layout(std430, binding = 1) writeonly buffer Out { float outs[]; }; // (count, cols)

layout(push_constant) uniform Params {
    uint cols;
    uint rowBytes;
    uint row;    // the token's row in the bound buffer
    uint outRow; // the token's place in the batch
} p;

void main() {
    uint c = gl_GlobalInvocationID.x;
    if (c < p.cols) {
        outs[p.outRow * p.cols + c] = weightAt(p.row * p.rowBytes, c);
    }
}
