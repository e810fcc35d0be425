// Q5_1: blocks of 32 as {f16 d; f16 m; u32 qh; u8 qs[16]}; value q * d + m with q's fifth bit from qh.
#include "nibbles.glsl"
#define QK 32u
#define BLOCK_BYTES 24u

vec4 dequantize4(uint block, uint i) {
    uvec4 high = (uvec4(wordAt(block + 4u) >> i) >> uvec4(0u, 1u, 2u, 3u)) & 1u;
    return halfAt(block) * (bytes4(nibbles4(block + 8u, i)) + 16.0 * vec4(high)) + halfAt(block + 2u);
}
