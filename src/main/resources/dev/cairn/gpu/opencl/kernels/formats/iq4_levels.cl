// The non-linear 4-bit levels of IQ4_NL and IQ4_XS (ggml's kvalues_iq4nl), looked up for four nibbles.
__constant float IQ4_LEVELS[16] = {-127.0f, -104.0f, -83.0f, -65.0f, -49.0f, -35.0f, -22.0f, -10.0f,
                                   1.0f, 13.0f, 25.0f, 38.0f, 53.0f, 69.0f, 89.0f, 113.0f};

float4 iq4Levels4(uchar4 q) {
    return (float4)(IQ4_LEVELS[q.x], IQ4_LEVELS[q.y], IQ4_LEVELS[q.z], IQ4_LEVELS[q.w]);
}
