// Q5_0: blocks of 32 as {f16 d; u32 qh; u8 qs[16]}; bit i of qh is element i's fifth bit; value (q - 16) * d.
float4 dequantize4(__global const uchar *block, uint i) {
    float4 high = lowBits4(u32At(block + 2) >> i);
    return f16At(block) * (convert_float4(nibbles4(block + 6, i)) + 16.0f * high - 16.0f);
}
