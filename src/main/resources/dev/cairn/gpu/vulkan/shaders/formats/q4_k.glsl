// Q4_K: super-blocks of 256 as {f16 d; f16 dmin; u8 scales[12]; u8 qs[128]}. Element 64g + 32s + l is
// nibble s of qs[32g + l], in group 2g + s with its own 6-bit scale and min.
#include "k_scales.glsl"
#define QK 256u
#define BLOCK_BYTES 144u

vec4 dequantize4(uint block, uint i) {
    uint sub = i >> 5;
    vec4 q = bytes4((wordAt(block + 16u + 32u * (i >> 6) + (i & 31u)) >> ((sub & 1u) << 2)) & 0x0F0F0F0Fu);
    return halfAt(block) * float(kScale(block + 4u, sub)) * q - halfAt(block + 2u) * float(kMin(block + 4u, sub));
}
