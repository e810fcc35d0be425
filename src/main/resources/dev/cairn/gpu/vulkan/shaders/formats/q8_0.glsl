// Q8_0: blocks of 32 as {f16 d; i8 qs[32]}; value qs[i] * d.
#define QK 32u
#define BLOCK_BYTES 34u

vec4 dequantize4(uint block, uint i) {
    return halfAt(block) * signedBytes4(wordAt(block + 2u + i));
}
