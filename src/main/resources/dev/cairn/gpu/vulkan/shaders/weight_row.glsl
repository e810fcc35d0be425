// Element c of a weight row that starts at byte rowStart, whatever its storage format: "format.glsl" is
// resolved by the compiler's includer to the file of the type this variant is compiled for, so every
// kernel shares one decoder per format.
#include "words.glsl"
#include "format.glsl"

float weightAt(uint rowStart, uint c) {
    return dequantize(rowStart + (c / QK) * BLOCK_BYTES, c % QK);
}
