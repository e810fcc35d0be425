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

// A little-endian 32-bit value at an even byte offset (Q5_0's qh sits at byte 2 of its block).
uint wordAt(uint at) {
    uint shift = (at & 3u) << 3;
    uint low = words[at >> 2] >> shift;
    return shift == 0u ? low : low | (words[(at >> 2) + 1u] << (32u - shift));
}
