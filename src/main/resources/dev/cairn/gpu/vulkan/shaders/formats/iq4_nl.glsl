// IQ4_NL: blocks of 32 as {f16 d; u8 qs[16]}; value d * IQ4_LEVELS[q].
#include "nibbles.glsl"
#include "iq4_levels.glsl"
#define QK 32u
#define BLOCK_BYTES 18u

vec4 dequantize4(uint block, uint i) {
    return halfAt(block) * iq4Levels4(nibbles4(block + 2u, i));
}
