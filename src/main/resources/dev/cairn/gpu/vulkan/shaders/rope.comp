#version 450
#extension GL_GOOGLE_include_directive : require
// Rotates pair i of every head of q and k of token t by the angle whose cosine and sine the host computed
// (in double, as the CPU does) into the table. One invocation per (token, head of q then k, pair).
layout(local_size_x = 64) in;

#include "elements.glsl"

layout(std430, binding = 0) buffer Q { float q[]; };                 // (count, qCols)
layout(std430, binding = 1) buffer K { float k[]; };                 // (count, kCols)
layout(std430, binding = 2) readonly buffer Angles { vec2 angles[]; }; // (count, pairs) of (cos, sin)

layout(push_constant) uniform Params {
    uint qCols;
    uint kCols;
    uint headDim;
    uint pairs;
    uint halves; // 1: pairs (i, i + pairs) as GPT-NeoX; 0: adjacent pairs (2i, 2i + 1) as Llama
    uint count;
} p;

void main() {
    uint qHeads = p.qCols / p.headDim;
    uint heads = qHeads + p.kCols / p.headDim;
    uint index = elementIndex();
    if (index >= p.count * heads * p.pairs) {
        return;
    }
    uint pair = index % p.pairs;
    uint head = (index / p.pairs) % heads;
    uint t = index / (p.pairs * heads);
    vec2 cs = angles[t * p.pairs + pair];
    uint a = p.halves == 1u ? pair : 2u * pair;
    uint b = p.halves == 1u ? a + p.pairs : a + 1u;
    if (head < qHeads) {
        uint base = t * p.qCols + head * p.headDim;
        float x0 = q[base + a];
        float x1 = q[base + b];
        q[base + a] = x0 * cs.x - x1 * cs.y;
        q[base + b] = x0 * cs.y + x1 * cs.x;
    } else {
        uint base = t * p.kCols + (head - qHeads) * p.headDim;
        float x0 = k[base + a];
        float x1 = k[base + b];
        k[base + a] = x0 * cs.x - x1 * cs.y;
        k[base + b] = x0 * cs.y + x1 * cs.x;
    }
}
