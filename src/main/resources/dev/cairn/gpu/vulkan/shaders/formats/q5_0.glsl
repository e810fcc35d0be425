// Q5_0: blocks of 32 as {f16 d; u32 qh; u8 qs[16]}; bit i of qh is element i's fifth bit; value (q - 16) * d.
#include "nibbles.glsl"
#define QK 32u
#define BLOCK_BYTES 22u

vec4 dequantize4(uint block, uint i) {
    uvec4 high = (uvec4(wordAt(block + 2u) >> i) >> uvec4(0u, 1u, 2u, 3u)) & 1u;
    return halfAt(block) * (bytes4(nibbles4(block + 6u, i)) + 16.0 * vec4(high) - 16.0);
}
