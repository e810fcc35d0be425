// The weight bytes as 32-bit words. GGML blocks are at best 2-byte aligned (Q4_0's 18 bytes), so bytes and
// halves are cut out of whole words: every load is a 32-bit load, and no 8/16-bit storage feature is needed.
// The including kernel defines WEIGHTS_BINDING.
layout(std430, binding = WEIGHTS_BINDING) readonly buffer WeightWords { uint words[]; };

uint byteAt(uint at) {
    return (words[at >> 2] >> ((at & 3u) << 3)) & 0xFFu;
}

int signedByteAt(uint at) {
    return int(byteAt(at) << 24) >> 24;
}

// A little-endian 16-bit value at an even byte offset.
uint halfWordAt(uint at) {
    return (words[at >> 2] >> ((at & 2u) << 3)) & 0xFFFFu;
}

float halfAt(uint at) {
    return unpackHalf2x16(halfWordAt(at)).x;
}

// A little-endian 32-bit value at an even byte offset: four bytes of quants, or Q5_0's qh at byte 2.
uint wordAt(uint at) {
    uint shift = (at & 3u) << 3;
    uint low = words[at >> 2] >> shift;
    return shift == 0u ? low : low | (words[(at >> 2) + 1u] << (32u - shift));
}

// The four bytes of a word, lowest first, as floats.
vec4 bytes4(uint word) {
    return vec4(uvec4(word, word >> 8, word >> 16, word >> 24) & 0xFFu);
}

// The same as signed bytes.
vec4 signedBytes4(uint word) {
    return vec4(ivec4(word << 24, word << 16, word << 8, word) >> 24);
}

// Bit `bit` of each of the four bytes of a word.
vec4 bits4(uint word, uint bit) {
    return bytes4((word >> bit) & 0x01010101u);
}
