// Q5_1: blocks of 32 as {f16 d; f16 m; u32 qh; u8 qs[16]}; value q * d + m with q's fifth bit from qh.
#include "nibbles.glsl"
#define QK 32u
#define BLOCK_BYTES 24u

float dequantize(uint block, uint i) {
    uint q = nibble(block + 8u, i) | (((wordAt(block + 4u) >> i) & 1u) << 4);
    return halfAt(block) * float(q) + halfAt(block + 2u);
}
