#version 450
#extension GL_GOOGLE_include_directive : require
// Stores the keys k[t] and values v[t] at positions firstPos + t of one layer's cache. An invocation per
// pair of elements, so an F16 cache writes whole 32-bit words (kvDim is even).
layout(local_size_x = 64) in;

#include "elements.glsl"

layout(std430, binding = 0) readonly buffer K { float k[]; }; // (count, kvDim)
layout(std430, binding = 1) readonly buffer V { float v[]; }; // (count, kvDim)
#define KEYS_BINDING 2
#define VALUES_BINDING 3
#define KV_ACCESS writeonly
#include "kv.glsl"

layout(push_constant) uniform Params {
    uint kvDim;
    uint firstPos;
    uint count;
} p;

void main() {
    uint pair = elementIndex();
    uint half_ = p.kvDim / 2u;
    if (pair >= p.count * half_) {
        return;
    }
    uint t = pair / half_;
    uint from = t * p.kvDim + 2u * (pair % half_);
    uint to = p.firstPos * p.kvDim + from; // (firstPos + t) * kvDim + dim
#ifdef TYPE_F16
    keys[to >> 1] = packHalf2x16(vec2(k[from], k[from + 1u]));
    values[to >> 1] = packHalf2x16(vec2(v[from], v[from + 1u]));
#else
    keys[to] = k[from];
    keys[to + 1u] = k[from + 1u];
    values[to] = v[from];
    values[to + 1u] = v[from + 1u];
#endif
}
