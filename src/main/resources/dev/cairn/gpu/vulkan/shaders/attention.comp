#version 450
#extension GL_GOOGLE_include_directive : require
#ifdef USE_SUBGROUPS
#extension GL_KHR_shader_subgroup_arithmetic : require
#endif
// Causal attention of query head h of token t (workgroup (h, t)) over the cache's positions 0..firstPos+t,
// with an online softmax over tiles of 64 positions (a running maximum and sum rescale what was
// accumulated), so no scores are stored and any context length fits. Heads up to 256 wide.
layout(local_size_x = 64) in;

#include "reduce.glsl"

layout(std430, binding = 0) readonly buffer Q { float q[]; };      // (count, qCols)
layout(std430, binding = 1) writeonly buffer Out { float outs[]; }; // (count, qCols)
#define KEYS_BINDING 2
#define VALUES_BINDING 3
#define KV_ACCESS readonly
#include "kv.glsl"

layout(push_constant) uniform Params {
    uint qCols;
    uint headDim;
    uint kvDim;
    uint groupSize; // query heads per KV head
    uint firstPos;
    float scale;    // 1 / sqrt(headDim)
} p;

#define MAX_HEAD_DIM 256u
#define DIMS_PER_INVOCATION (MAX_HEAD_DIM / 64u)
shared float query[MAX_HEAD_DIM];
shared float weights[64];

void main() {
    uint id = gl_LocalInvocationID.x;
    uint head = gl_WorkGroupID.x;
    uint t = gl_WorkGroupID.y;
    uint last = p.firstPos + t;
    uint qBase = t * p.qCols + head * p.headDim;
    uint kvBase = (head / p.groupSize) * p.headDim;
    for (uint d = id; d < p.headDim; d += 64u) {
        query[d] = q[qBase + d];
    }
    barrier();

    float runningMax = -1.0 / 0.0;
    float runningSum = 0.0;
    float acc[DIMS_PER_INVOCATION];
    for (uint j = 0u; j < DIMS_PER_INVOCATION; j++) {
        acc[j] = 0.0;
    }
    for (uint tile = 0u; tile <= last; tile += 64u) {
        // This invocation's score: its position's key against the query.
        uint pos = tile + id;
        float score = -1.0 / 0.0;
        if (pos <= last) {
            float dot = 0.0;
            uint at = pos * p.kvDim + kvBase;
            for (uint d = 0u; d < p.headDim; d++) {
                dot += query[d] * keyAt(at + d);
            }
            score = dot * p.scale;
        }
        // The tile's weights against the new maximum; what was summed so far shrinks by the change.
        float newMax = max(runningMax, workgroupMax(score));
        float weight = pos <= last ? exp(score - newMax) : 0.0;
        weights[id] = weight;
        float correction = exp(runningMax - newMax);
        runningSum = runningSum * correction + workgroupSum(weight);
        runningMax = newMax;
        uint positions = min(64u, last + 1u - tile);
        for (uint j = 0u; j < DIMS_PER_INVOCATION; j++) {
            uint d = id + 64u * j;
            if (d < p.headDim) {
                float sum = 0.0;
                for (uint i = 0u; i < positions; i++) {
                    sum += weights[i] * valueAt((tile + i) * p.kvDim + kvBase + d);
                }
                acc[j] = acc[j] * correction + sum;
            }
        }
        barrier();
    }
    for (uint j = 0u; j < DIMS_PER_INVOCATION; j++) {
        uint d = id + 64u * j;
        if (d < p.headDim) {
            outs[qBase + d] = acc[j] / runningSum;
        }
    }
}
