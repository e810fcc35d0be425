// Q8_0: blocks of 32 as {f16 d; i8 qs[32]}; value qs[i] * d.
float4 dequantize4(__global const uchar *block, uint i) {
    return f16At(block) * convert_float4(vload4(0, (__global const char *) (block + 2 + i)));
}
