// F16: IEEE half floats, four to a "block".
#define QK 4u
#define BLOCK_BYTES 8u

vec4 dequantize4(uint block, uint i) {
    return vec4(unpackHalf2x16(wordAt(block)), unpackHalf2x16(wordAt(block + 4u)));
}
