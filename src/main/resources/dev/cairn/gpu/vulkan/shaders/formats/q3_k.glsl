// Q3_K: super-blocks of 256 as {u8 hmask[32]; u8 qs[64]; u8 scales[12]; f16 d}. Element 128h + 32j + l has
// two low bits in qs as Q2_K and a high bit (4h + j of hmask[l]) that, when clear, subtracts 4; 6-bit
// group scales biased by 32 (low 4 bits in scales[0..7], high 2 in scales[8..11]).
#define QK 256u
#define BLOCK_BYTES 110u

int q3kScale(uint block, uint s) {
    uint scales = block + 96u;
    uint low = s < 8u ? byteAt(scales + s) & 0xFu : byteAt(scales + s - 8u) >> 4;
    uint high = (byteAt(scales + 8u + (s & 3u)) >> (2u * (s >> 2))) & 3u;
    return int(low | (high << 4)) - 32;
}

vec4 dequantize4(uint block, uint i) {
    uint h = i >> 7;
    uint j = (i >> 5) & 3u;
    uint l = i & 31u;
    vec4 low = bytes4((wordAt(block + 32u + 32u * h + l) >> (2u * j)) & 0x03030303u);
    vec4 high = bits4(wordAt(block + l), 4u * h + j);
    float scale = halfAt(block + 108u) * float(q3kScale(block, 8u * h + 2u * j + (l >> 4)));
    return scale * (low - 4.0 + 4.0 * high);
}
