// BF16: the top 16 bits of an F32, four to a "block".
float4 dequantize4(__global const uchar *block, uint i) {
    return as_float4(convert_uint4(vload4(0, (__global const ushort *) block)) << 16);
}
