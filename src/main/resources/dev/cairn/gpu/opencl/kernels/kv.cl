// One layer's keys and values, (context, kvDim) each, as F16 (the host defines KV_F16) or F32.
#ifdef KV_F16
typedef half kv_t;

float kvLoad(__global const half *p, size_t i) {
    return vload_half(i, p);
}

void kvStore(__global half *p, size_t i, float v) {
    vstore_half_rte(v, i, p);
}
#else
typedef float kv_t;

float kvLoad(__global const float *p, size_t i) {
    return p[i];
}

void kvStore(__global float *p, size_t i, float v) {
    p[i] = v;
}
#endif
