// Q4_1: blocks of 32 as {f16 d; f16 m; u8 qs[16]}; value q * d + m.
float4 dequantize4(__global const uchar *block, uint i) {
    return f16At(block) * convert_float4(nibbles4(block + 4, i)) + f16At(block + 2);
}
