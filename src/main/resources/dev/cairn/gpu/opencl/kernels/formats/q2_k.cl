// Q2_K: super-blocks of 256 as {u8 scales[16]; u8 qs[64]; f16 d; f16 dmin}. Element 128h + 32j + l takes
// bits 2j..2j+1 of qs[32h + l]; its 16-element group 8h + 2j + l/16 has a 4-bit scale and a 4-bit min.
float4 dequantize4(__global const uchar *block, uint i) {
    uint h = i >> 7;
    uint j = (i >> 5) & 3u;
    uint l = i & 31u;
    uint sc = block[8 * h + 2 * j + (l >> 4)];
    float4 q = convert_float4((bytes4(block + 16 + 32 * h + l) >> (uchar) (2 * j)) & (uchar) 3);
    return f16At(block + 80) * (sc & 0xFu) * q - f16At(block + 82) * (sc >> 4);
}
