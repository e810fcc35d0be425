// Q4_1: blocks of 32 as {f16 d; f16 m; u8 qs[16]}; value q * d + m.
#include "nibbles.glsl"
#define QK 32u
#define BLOCK_BYTES 20u

vec4 dequantize4(uint block, uint i) {
    return halfAt(block) * bytes4(nibbles4(block + 4u, i)) + halfAt(block + 2u);
}
