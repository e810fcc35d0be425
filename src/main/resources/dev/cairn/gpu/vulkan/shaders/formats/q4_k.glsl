// Q4_K: super-blocks of 256 as {f16 d; f16 dmin; u8 scales[12]; u8 qs[128]}. Element 64g + 32s + l is
// nibble s of qs[32g + l], in group 2g + s with its own 6-bit scale and min.
#include "k_scales.glsl"
#define QK 256u
#define BLOCK_BYTES 144u

float dequantize(uint block, uint i) {
    uint g = i >> 6;
    uint sub = i >> 5;
    uint q = (byteAt(block + 16u + 32u * g + (i & 31u)) >> ((sub & 1u) << 2)) & 0xFu;
    return halfAt(block) * float(kScale(block + 4u, sub)) * float(q) - halfAt(block + 2u) * float(kMin(block + 4u, sub));
}
