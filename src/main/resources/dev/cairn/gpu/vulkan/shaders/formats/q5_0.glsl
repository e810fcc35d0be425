// Q5_0: blocks of 32 as {f16 d; u32 qh; u8 qs[16]}; bit i of qh is element i's fifth bit; value (q - 16) * d.
#include "nibbles.glsl"
#define QK 32u
#define BLOCK_BYTES 22u

float dequantize(uint block, uint i) {
    uint q = nibble(block + 6u, i) | (((wordAt(block + 2u) >> i) & 1u) << 4);
    return halfAt(block) * (float(q) - 16.0);
}
