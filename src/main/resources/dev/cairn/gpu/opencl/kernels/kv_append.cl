// Stores the keys k[t] and values v[t] at positions firstPos + t of one layer's cache: one work-item per element.
__kernel void kv_append(__global const float *k, __global const float *v, __global kv_t *keys, __global kv_t *values,
        uint kvDim, uint firstPos, uint count) {
    uint i = get_global_id(0);
    if (i < count * kvDim) {
        size_t to = (size_t) firstPos * kvDim + i; // (firstPos + t) * kvDim + dim
        kvStore(keys, to, k[i]);
        kvStore(values, to, v[i]);
    }
}
