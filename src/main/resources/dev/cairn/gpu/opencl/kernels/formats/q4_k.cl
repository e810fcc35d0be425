// Q4_K: super-blocks of 256 as {f16 d; f16 dmin; u8 scales[12]; u8 qs[128]}. Element 64g + 32s + l is
// nibble s of qs[32g + l], in group 2g + s with its own 6-bit scale and min.
float4 dequantize4(__global const uchar *block, uint i) {
    uint sub = i >> 5;
    float4 q = convert_float4((bytes4(block + 16 + 32 * (i >> 6) + (i & 31u)) >> (uchar) ((sub & 1u) << 2)) & (uchar) 0xF);
    return f16At(block) * kScale(block + 4, sub) * q - f16At(block + 2) * kMin(block + 4, sub);
}
