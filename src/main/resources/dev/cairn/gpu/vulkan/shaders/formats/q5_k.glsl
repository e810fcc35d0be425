// Q5_K: super-blocks of 256 as {f16 d; f16 dmin; u8 scales[12]; u8 qh[32]; u8 qs[128]}: Q4_K's layout with
// a fifth bit, bit (i / 32) of qh[i % 32].
#include "k_scales.glsl"
#define QK 256u
#define BLOCK_BYTES 176u

float dequantize(uint block, uint i) {
    uint g = i >> 6;
    uint sub = i >> 5;
    uint l = i & 31u;
    uint q = ((byteAt(block + 48u + 32u * g + l) >> ((sub & 1u) << 2)) & 0xFu) | (((byteAt(block + 16u + l) >> sub) & 1u) << 4);
    return halfAt(block) * float(kScale(block + 4u, sub)) * float(q) - halfAt(block + 2u) * float(kMin(block + 4u, sub));
}
