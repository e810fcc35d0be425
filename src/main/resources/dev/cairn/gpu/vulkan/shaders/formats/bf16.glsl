// BF16: the top 16 bits of an F32, four to a "block".
#define QK 4u
#define BLOCK_BYTES 8u

vec4 dequantize4(uint block, uint i) {
    uint a = wordAt(block);
    uint b = wordAt(block + 4u);
    return uintBitsToFloat(uvec4(a << 16, a & 0xFFFF0000u, b << 16, b & 0xFFFF0000u));
}
