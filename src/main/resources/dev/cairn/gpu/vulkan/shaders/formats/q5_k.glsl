// Q5_K: super-blocks of 256 as {f16 d; f16 dmin; u8 scales[12]; u8 qh[32]; u8 qs[128]}: Q4_K's layout with
// a fifth bit, bit (i / 32) of qh[i % 32].
#include "k_scales.glsl"
#define QK 256u
#define BLOCK_BYTES 176u

vec4 dequantize4(uint block, uint i) {
    uint sub = i >> 5;
    uint l = i & 31u;
    vec4 q = bytes4((wordAt(block + 48u + 32u * (i >> 6) + l) >> ((sub & 1u) << 2)) & 0x0F0F0F0Fu)
            + 16.0 * bits4(wordAt(block + 16u + l), sub);
    return halfAt(block) * float(kScale(block + 4u, sub)) * q - halfAt(block + 2u) * float(kMin(block + 4u, sub));
}
