// Scale and min j (0..7) of the 12-byte scale block of Q4_K and Q5_K (ggml's get_scale_min_k4): 0..3 sit
// in the low 6 bits of bytes 0..3 (mins: 4..7); 4..7 keep their low 4 bits in the nibbles of bytes 8..11
// and their top 2 bits in the top bits of bytes 0..3 (mins: 4..7).
float kScale(__global const uchar *scales, uint j) {
    return j < 4u ? scales[j] & 63u : (scales[j + 4] & 0xFu) | ((scales[j - 4] >> 6) << 4);
}

float kMin(__global const uchar *scales, uint j) {
    return j < 4u ? scales[j + 4] & 63u : (scales[j + 4] >> 4) | ((scales[j] >> 6) << 4);
}
