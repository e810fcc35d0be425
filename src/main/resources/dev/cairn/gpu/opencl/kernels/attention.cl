// Causal attention of query head h of token t (work-group (h, t)) over the cache's positions
// 0..firstPos + t, with an online softmax over tiles of GROUP positions (a running maximum and sum rescale
// what was accumulated), so no scores are stored and any context length fits. Heads up to 256 wide.
#define MAX_HEAD_DIM 256u
#define DIMS_PER_ITEM (MAX_HEAD_DIM / GROUP)

__kernel __attribute__((reqd_work_group_size(GROUP, 1, 1)))
void attention(__global const float *q, __global float *out, __global const kv_t *keys, __global const kv_t *values,
        uint qCols, uint headDim, uint kvDim, uint groupSize, uint firstPos, float scale) {
    __local float query[MAX_HEAD_DIM];
    __local float weights[GROUP];
    __local float scratch[GROUP];
    uint id = get_local_id(0);
    uint head = get_group_id(0);
    uint t = get_group_id(1);
    uint last = firstPos + t;
    size_t qBase = (size_t) t * qCols + head * headDim;
    uint kvBase = (head / groupSize) * headDim; // the KV head this query head shares
    for (uint d = id; d < headDim; d += GROUP) {
        query[d] = q[qBase + d];
    }
    barrier(CLK_LOCAL_MEM_FENCE);

    float runningMax = -INFINITY;
    float runningSum = 0.0f;
    float acc[DIMS_PER_ITEM];
    for (uint j = 0u; j < DIMS_PER_ITEM; j++) {
        acc[j] = 0.0f;
    }
    for (uint tile = 0u; tile <= last; tile += GROUP) {
        // This work-item's score: its position's key against the query.
        uint pos = tile + id;
        float score = -INFINITY;
        if (pos <= last) {
            float sum = 0.0f;
            size_t at = (size_t) pos * kvDim + kvBase;
            for (uint d = 0u; d < headDim; d++) {
                sum += query[d] * kvLoad(keys, at + d);
            }
            score = sum * scale;
        }
        // The tile's weights against the new maximum; what was summed so far shrinks by the change.
        float newMax = fmax(runningMax, groupReduce(score, true, scratch));
        float weight = pos <= last ? exp(score - newMax) : 0.0f;
        weights[id] = weight;
        float correction = exp(runningMax - newMax);
        runningSum = runningSum * correction + groupReduce(weight, false, scratch);
        runningMax = newMax;
        uint positions = min((uint) GROUP, last + 1u - tile);
        for (uint j = 0u; j < DIMS_PER_ITEM; j++) {
            uint d = id + GROUP * j;
            if (d < headDim) {
                float sum = 0.0f;
                for (uint i = 0u; i < positions; i++) {
                    sum += weights[i] * kvLoad(values, (size_t) (tile + i) * kvDim + kvBase + d);
                }
                acc[j] = acc[j] * correction + sum;
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    for (uint j = 0u; j < DIMS_PER_ITEM; j++) {
        uint d = id + GROUP * j;
        if (d < headDim) {
            out[qBase + d] = acc[j] / runningSum;
        }
    }
}
