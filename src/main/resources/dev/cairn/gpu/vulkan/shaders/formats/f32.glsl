// F32: one element per 4-byte "block".
#define QK 1u
#define BLOCK_BYTES 4u

float dequantize(uint block, uint i) {
    return uintBitsToFloat(words[block >> 2]);
}
