// Weights of a row that starts at byte rowStart, whatever its storage format: "format.glsl" is resolved by
// the compiler's includer to the file of the type this variant is compiled for, so every kernel shares one
// decoder per format. A format decodes four elements at a time (they share their block's scales), from
// 32-bit loads; float formats count four elements as a block.
#include "words.glsl"
#include "format.glsl"

// Elements c..c+3 of the row (c a multiple of 4). Past the row's end (the tail of an odd float row) the
// values are whatever follows: weight buffers carry 16 bytes of padding so such reads stay inside.
vec4 weights4(uint rowStart, uint c) {
    return dequantize4(rowStart + (c / QK) * BLOCK_BYTES, c % QK);
}

float weightAt(uint rowStart, uint c) {
    return weights4(rowStart, c & ~3u)[c & 3u];
}
