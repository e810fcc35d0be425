// One layer's keys and values, (context, kvDim) each, as F16 pairs packed in 32-bit words or as F32: the
// variant compiled for the cache's type defines TYPE_F16 or TYPE_F32. KEYS_BINDING and VALUES_BINDING
// come from the including kernel.
#ifdef TYPE_F16
#define KV_ELEMENT uint
#else
#define KV_ELEMENT float
#endif

layout(std430, binding = KEYS_BINDING) KV_ACCESS buffer Keys { KV_ELEMENT keys[]; };
layout(std430, binding = VALUES_BINDING) KV_ACCESS buffer Values { KV_ELEMENT values[]; };

#ifdef TYPE_F16
float keyAt(uint i) {
    return unpackHalf2x16(keys[i >> 1])[i & 1u];
}

float valueAt(uint i) {
    return unpackHalf2x16(values[i >> 1])[i & 1u];
}
#else
float keyAt(uint i) {
    return keys[i];
}

float valueAt(uint i) {
    return values[i];
}
#endif
