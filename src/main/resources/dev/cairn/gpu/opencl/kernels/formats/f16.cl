// F16: IEEE half floats, four to a "block".
float4 dequantize4(__global const uchar *block, uint i) {
    return vload_half4(0, (__global const half *) block);
}
