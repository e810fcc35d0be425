// IQ4_NL: blocks of 32 as {f16 d; u8 qs[16]}; value d * IQ4_LEVELS[q].
float4 dequantize4(__global const uchar *block, uint i) {
    return f16At(block) * iq4Levels4(nibbles4(block + 2, i));
}
