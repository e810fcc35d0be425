// Q2_K: super-blocks of 256 as {u8 scales[16]; u8 qs[64]; f16 d; f16 dmin}. Element 128h + 32j + l takes
// bits 2j..2j+1 of qs[32h + l]; its 16-element group 8h + 2j + l/16 has a 4-bit scale and a 4-bit min.
#define QK 256u
#define BLOCK_BYTES 84u

vec4 dequantize4(uint block, uint i) {
    uint h = i >> 7;
    uint j = (i >> 5) & 3u;
    uint l = i & 31u;
    uint sc = byteAt(block + 8u * h + 2u * j + (l >> 4));
    vec4 q = bytes4((wordAt(block + 16u + 32u * h + l) >> (2u * j)) & 0x03030303u);
    return halfAt(block + 80u) * float(sc & 0xFu) * q - halfAt(block + 82u) * float(sc >> 4);
}
