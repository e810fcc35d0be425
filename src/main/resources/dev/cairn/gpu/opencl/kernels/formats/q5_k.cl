// Q5_K: super-blocks of 256 as {f16 d; f16 dmin; u8 scales[12]; u8 qh[32]; u8 qs[128]}: Q4_K's layout with
// a fifth bit, bit (i / 32) of qh[i % 32].
float4 dequantize4(__global const uchar *block, uint i) {
    uint sub = i >> 5;
    uint l = i & 31u;
    uchar4 low = (bytes4(block + 48 + 32 * (i >> 6) + l) >> (uchar) ((sub & 1u) << 2)) & (uchar) 0xF;
    uchar4 high = (bytes4(block + 16 + l) >> (uchar) sub) & (uchar) 1;
    float4 q = convert_float4(low | (high << (uchar) 4));
    return f16At(block) * kScale(block + 4, sub) * q - f16At(block + 2) * kMin(block + 4, sub);
}
