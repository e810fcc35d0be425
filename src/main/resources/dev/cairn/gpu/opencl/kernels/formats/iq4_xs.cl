// IQ4_XS: super-blocks of 256 as {f16 d; u16 scales_h; u8 scales_l[4]; u8 qs[128]}: eight groups of 32,
// each with a 6-bit scale (low 4 bits in scales_l, high 2 in scales_h) biased by 32.
float4 dequantize4(__global const uchar *block, uint i) {
    uint group = i >> 5;
    uint low = (block[4 + (group >> 1)] >> ((group & 1u) << 2)) & 0xFu;
    uint high = (u16At(block + 2) >> (2u * group)) & 3u;
    float scale = f16At(block) * (float) ((int) (low | (high << 4)) - 32);
    return scale * iq4Levels4(nibbles4(block + 8 + 16 * group, i & 31u));
}
