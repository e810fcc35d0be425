// BF16: the top 16 bits of an F32.
#define QK 1u
#define BLOCK_BYTES 2u

float dequantize(uint block, uint i) {
    return uintBitsToFloat(halfWordAt(block) << 16);
}
