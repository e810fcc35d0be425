// Q4_0: blocks of 32 as {f16 d; u8 qs[16]}; value (q - 8) * d.
#include "nibbles.glsl"
#define QK 32u
#define BLOCK_BYTES 18u

vec4 dequantize4(uint block, uint i) {
    return halfAt(block) * (bytes4(nibbles4(block + 2u, i)) - 8.0);
}
