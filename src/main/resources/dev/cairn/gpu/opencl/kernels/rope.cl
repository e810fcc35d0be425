// Rotates pair `pair` of every head of q and k of token t by the angle whose cosine and sine the host
// computed (in double, as the CPU does) into the table. One work-item per (token, head of q then k, pair).
__kernel void rope(__global float *q, __global float *k, __global const float2 *angles, uint qCols, uint kCols,
        uint headDim, uint pairs, uint halves, uint count) {
    uint qHeads = qCols / headDim;
    uint heads = qHeads + kCols / headDim;
    uint index = get_global_id(0);
    if (index >= count * heads * pairs) {
        return;
    }
    uint pair = index % pairs;
    uint head = (index / pairs) % heads;
    uint t = index / (pairs * heads);
    float2 cs = angles[t * pairs + pair];
    // halves: pairs (i, i + pairs) as GPT-NeoX; otherwise adjacent pairs (2i, 2i + 1) as Llama.
    uint a = halves ? pair : 2u * pair;
    uint b = halves ? a + pairs : a + 1u;
    __global float *v = head < qHeads ? q + (size_t) t * qCols + head * headDim
                                      : k + (size_t) t * kCols + (head - qHeads) * headDim;
    float x0 = v[a];
    float x1 = v[b];
    v[a] = x0 * cs.x - x1 * cs.y;
    v[b] = x0 * cs.y + x1 * cs.x;
}
