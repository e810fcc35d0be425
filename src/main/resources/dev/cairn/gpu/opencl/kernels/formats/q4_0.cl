// Q4_0: blocks of 32 as {f16 d; u8 qs[16]}; value (q - 8) * d.
float4 dequantize4(__global const uchar *block, uint i) {
    return f16At(block) * (convert_float4(nibbles4(block + 2, i)) - 8.0f);
}
