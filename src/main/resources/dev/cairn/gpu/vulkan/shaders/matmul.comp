#version 450
#extension GL_GOOGLE_include_directive : require
// out[t][outRow + r] = W[firstRow + r] . x[t] for the rows of one dispatch over one buffer of W. A 64-wide
// workgroup takes ROWS rows, LANES invocations to a row, and a tile of TILE tokens: each weight is
// decoded once per tile, four at a time, and the few workgroups per matrix keep dispatch cheap on small
// devices.
layout(local_size_x = 64) in;

#define WEIGHTS_BINDING 0
#include "weight_row.glsl"

layout(std430, binding = 1) readonly buffer X { float x[]; };      // (count, cols)
layout(std430, binding = 2) writeonly buffer Out { float outs[]; }; // (count, outCols)

layout(push_constant) uniform Params {
    uint cols;     // weights per row = inputs per token
    uint rowBytes; // bytes per stored row
    uint firstRow; // the first row of this dispatch in the bound buffer
    uint outRow;   // its row in the whole matrix: the output column it fills
    uint outCols;  // outputs per token
    uint count;    // tokens
    uint rows;     // rows in this dispatch
} p;

#define ROWS 8u
#define LANES 8u
#define TILE 8u
shared float partial[TILE][64];

void main() {
    uint id = gl_LocalInvocationID.x;
    uint lane = id % LANES;
    uint row = gl_WorkGroupID.x * ROWS + id / LANES;
    uint first = gl_WorkGroupID.y * TILE;
    uint tokens = min(TILE, p.count - first);
    float acc[TILE];
    for (uint t = 0u; t < TILE; t++) {
        acc[t] = 0.0;
    }
    if (row < p.rows) {
        // Four weights at a time, decoded together; an odd float row ends with a shorter step.
        uint rowStart = (p.firstRow + row) * p.rowBytes;
        for (uint c = 4u * lane; c < p.cols; c += 4u * LANES) {
            vec4 w = weights4(rowStart, c);
            uint n = min(4u, p.cols - c);
            for (uint t = 0u; t < tokens; t++) {
                uint at = (first + t) * p.cols + c;
                for (uint k = 0u; k < n; k++) {
                    acc[t] += w[k] * x[at + k];
                }
            }
        }
    }
    for (uint t = 0u; t < TILE; t++) {
        partial[t][id] = acc[t];
    }
    barrier();
    for (uint stride = LANES / 2u; stride > 0u; stride >>= 1) {
        if (lane < stride) {
            for (uint t = 0u; t < TILE; t++) {
                partial[t][id] += partial[t][id + stride];
            }
        }
        barrier();
    }
    if (row < p.rows && lane < tokens) {
        outs[(first + lane) * p.outCols + p.outRow + row] = partial[lane][id - lane];
    }
}
