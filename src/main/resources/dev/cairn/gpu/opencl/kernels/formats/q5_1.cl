// Q5_1: blocks of 32 as {f16 d; f16 m; u32 qh; u8 qs[16]}; value q * d + m with q's fifth bit from qh.
float4 dequantize4(__global const uchar *block, uint i) {
    float4 high = lowBits4(u32At(block + 4) >> i);
    return f16At(block) * (convert_float4(nibbles4(block + 8, i)) + 16.0f * high) + f16At(block + 2);
}
