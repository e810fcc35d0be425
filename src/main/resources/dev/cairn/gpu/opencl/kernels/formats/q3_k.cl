// Q3_K: super-blocks of 256 as {u8 hmask[32]; u8 qs[64]; u8 scales[12]; f16 d}. Element 128h + 32j + l has
// two low bits in qs as Q2_K and a high bit (4h + j of hmask[l]) that, when clear, subtracts 4; 6-bit
// group scales biased by 32 (low 4 bits in scales[0..7], high 2 in scales[8..11]).
int q3kScale(__global const uchar *block, uint s) {
    __global const uchar *scales = block + 96;
    uint low = s < 8u ? scales[s] & 0xFu : scales[s - 8] >> 4;
    uint high = (scales[8 + (s & 3u)] >> (2u * (s >> 2))) & 3u;
    return (int) (low | (high << 4)) - 32;
}

float4 dequantize4(__global const uchar *block, uint i) {
    uint h = i >> 7;
    uint j = (i >> 5) & 3u;
    uint l = i & 31u;
    float4 low = convert_float4((bytes4(block + 32 + 32 * h + l) >> (uchar) (2 * j)) & (uchar) 3);
    float4 high = convert_float4((bytes4(block + l) >> (uchar) (4 * h + j)) & (uchar) 1);
    float scale = f16At(block + 108) * q3kScale(block, 8 * h + 2 * j + (l >> 4));
    return scale * (low - 4.0f + 4.0f * high);
}
