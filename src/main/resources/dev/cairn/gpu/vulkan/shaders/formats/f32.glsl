// F32: four elements to a "block".
#define QK 4u
#define BLOCK_BYTES 16u

vec4 dequantize4(uint block, uint i) {
    uint w = block >> 2;
    return uintBitsToFloat(uvec4(words[w], words[w + 1u], words[w + 2u], words[w + 3u]));
}
