// The 4-bit quants of elements i..i+3 (i a multiple of 4, below 32) of a 32-element group whose 16 bytes
// start at qs: element j < 16 is the low nibble of byte j, element j + 16 its high nibble (Q4_0, Q4_1,
// Q5_x, IQ4_NL, IQ4_XS).
uchar4 nibbles4(__global const uchar *qs, uint i) {
    return (bytes4(qs + (i & 15u)) >> (uchar) ((i >> 4) << 2)) & (uchar) 0xF;
}
