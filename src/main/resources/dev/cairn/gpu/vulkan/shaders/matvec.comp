#version 450
#extension GL_GOOGLE_include_directive : require
#ifdef USE_SUBGROUPS
#extension GL_KHR_shader_subgroup_arithmetic : require
#endif
// out[outRow + r] = W[firstRow + r] . x for one token (decode): a 64-wide workgroup takes ROWS rows. With
// subgroups each subgroup takes rows in turn, its invocations stride the row four weights at a time and
// subgroupAdd sums them in registers; without, eight invocations share a row and sum through shared memory.
layout(local_size_x = 64) in;

#define WEIGHTS_BINDING 0
#include "weight_row.glsl"

layout(std430, binding = 1) readonly buffer X { float x[]; };      // (cols)
layout(std430, binding = 2) writeonly buffer Out { float outs[]; }; // (outCols)

layout(push_constant) uniform Params {
    uint cols;     // weights per row = inputs
    uint rowBytes; // bytes per stored row
    uint firstRow; // the first row of this dispatch in the bound buffer
    uint outRow;   // its row in the whole matrix: the output it fills
    uint rows;     // rows in this dispatch
} p;

#define ROWS 8u

// This invocation's share of row `row`: every lanes-th group of four weights from lane on.
float partialDot(uint row, uint lane, uint lanes) {
    float sum = 0.0;
    uint rowStart = (p.firstRow + row) * p.rowBytes;
    for (uint c = 4u * lane; c < p.cols; c += 4u * lanes) {
        vec4 w = weights4(rowStart, c);
        if (c + 4u <= p.cols) {
            sum += dot(w, vec4(x[c], x[c + 1u], x[c + 2u], x[c + 3u]));
        } else { // the tail of an odd float row
            for (uint k = 0u; c + k < p.cols; k++) {
                sum += w[k] * x[c + k];
            }
        }
    }
    return sum;
}

#ifdef USE_SUBGROUPS
void main() {
    uint lanes = 64u / gl_NumSubgroups;
    for (uint r = gl_SubgroupID; r < ROWS; r += gl_NumSubgroups) {
        uint row = gl_WorkGroupID.x * ROWS + r;
        if (row < p.rows) { // uniform across the subgroup
            float sum = subgroupAdd(partialDot(row, gl_SubgroupInvocationID, lanes));
            if (subgroupElect()) {
                outs[p.outRow + row] = sum;
            }
        }
    }
}
#else
#define LANES (64u / ROWS)
shared float partial[64];

void main() {
    uint id = gl_LocalInvocationID.x;
    uint lane = id % LANES;
    uint row = gl_WorkGroupID.x * ROWS + id / LANES;
    partial[id] = row < p.rows ? partialDot(row, lane, LANES) : 0.0;
    barrier();
    for (uint stride = LANES / 2u; stride > 0u; stride >>= 1) {
        if (lane < stride) {
            partial[id] += partial[id + stride];
        }
        barrier();
    }
    if (row < p.rows && lane == 0u) {
        outs[p.outRow + row] = partial[id];
    }
}
#endif
