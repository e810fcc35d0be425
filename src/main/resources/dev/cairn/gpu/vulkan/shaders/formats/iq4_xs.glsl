// IQ4_XS: super-blocks of 256 as {f16 d; u16 scales_h; u8 scales_l[4]; u8 qs[128]}: eight groups of 32,
// each with a 6-bit scale (low 4 bits in scales_l, high 2 in scales_h) biased by 32.
#include "nibbles.glsl"
#include "iq4_levels.glsl"
#define QK 256u
#define BLOCK_BYTES 136u

vec4 dequantize4(uint block, uint i) {
    uint group = i >> 5;
    uint low = (byteAt(block + 4u + (group >> 1)) >> ((group & 1u) << 2)) & 0xFu;
    uint high = (halfWordAt(block + 2u) >> (2u * group)) & 3u;
    float scale = halfAt(block) * float(int(low | (high << 4)) - 32);
    return scale * iq4Levels4(nibbles4(block + 8u + 16u * group, i & 31u));
}
