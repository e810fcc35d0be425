// The 4-bit quant of element i (0..31) of a 32-element group whose 16 nibble bytes start at qs: element
// j < 16 is the low nibble of byte j, element j + 16 its high nibble (Q4_0, Q4_1, Q5_x, IQ4_NL, IQ4_XS).
uint nibble(uint qs, uint i) {
    return (byteAt(qs + (i & 15u)) >> ((i >> 4) << 2)) & 0xFu;
}
