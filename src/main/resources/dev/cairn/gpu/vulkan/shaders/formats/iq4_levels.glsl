// The non-linear 4-bit levels of IQ4_NL and IQ4_XS (ggml's kvalues_iq4nl), looked up for four nibbles.
const float IQ4_LEVELS[16] = float[16](-127.0, -104.0, -83.0, -65.0, -49.0, -35.0, -22.0, -10.0,
                                      1.0, 13.0, 25.0, 38.0, 53.0, 69.0, 89.0, 113.0);

vec4 iq4Levels4(uint nibbles) {
    return vec4(IQ4_LEVELS[nibbles & 0xFu], IQ4_LEVELS[(nibbles >> 8) & 0xFu], IQ4_LEVELS[(nibbles >> 16) & 0xFu],
                IQ4_LEVELS[nibbles >> 24]);
}
