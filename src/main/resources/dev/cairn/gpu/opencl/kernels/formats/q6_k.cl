// Q6_K: super-blocks of 256 as {u8 ql[128]; u8 qh[64]; i8 scales[16]; f16 d}. Element 128h + 32k + l
// (k = 0..3) takes nibble k / 2 of ql[64h + 32(k % 2) + l] and bits 2k..2k+1 of qh[32h + l], biased by
// 32; its 16-element group is 8h + l / 16 + 2k.
float4 dequantize4(__global const uchar *block, uint i) {
    uint h = i >> 7;
    uint k = (i >> 5) & 3u;
    uint l = i & 31u;
    uchar4 low = (bytes4(block + 64 * h + 32 * (k & 1u) + l) >> (uchar) ((k >> 1) << 2)) & (uchar) 0xF;
    uchar4 high = (bytes4(block + 128 + 32 * h + l) >> (uchar) (2 * k)) & (uchar) 3;
    float scale = f16At(block + 208) * (char) block[192 + 8 * h + (l >> 4) + 2 * k];
    return scale * (convert_float4(low | (high << (uchar) 4)) - 32.0f);
}
