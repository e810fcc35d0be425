// F16: IEEE half floats.
#define QK 1u
#define BLOCK_BYTES 2u

float dequantize(uint block, uint i) {
    return halfAt(block);
}
