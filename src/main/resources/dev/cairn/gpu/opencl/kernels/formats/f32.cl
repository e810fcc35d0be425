// F32: four elements to a "block".
float4 dequantize4(__global const uchar *block, uint i) {
    return vload4(0, (__global const float *) block);
}
