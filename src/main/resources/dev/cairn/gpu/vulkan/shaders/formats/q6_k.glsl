// Q6_K: super-blocks of 256 as {u8 ql[128]; u8 qh[64]; i8 scales[16]; f16 d}. Element 128h + 32k + l
// (k = 0..3) takes nibble k / 2 of ql[64h + 32(k % 2) + l] and bits 2k..2k+1 of qh[32h + l], biased by
// 32; its 16-element group is 8h + l / 16 + 2k.
#define QK 256u
#define BLOCK_BYTES 210u

vec4 dequantize4(uint block, uint i) {
    uint h = i >> 7;
    uint k = (i >> 5) & 3u;
    uint l = i & 31u;
    uint low = (wordAt(block + 64u * h + 32u * (k & 1u) + l) >> ((k >> 1) << 2)) & 0x0F0F0F0Fu;
    uint high = (wordAt(block + 128u + 32u * h + l) >> (2u * k)) & 0x03030303u;
    float scale = halfAt(block + 208u) * float(signedByteAt(block + 192u + 8u * h + (l >> 4) + 2u * k));
    return scale * (bytes4(low | (high << 4)) - 32.0);
}
