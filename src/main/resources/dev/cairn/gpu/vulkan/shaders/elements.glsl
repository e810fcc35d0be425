// The flat element index of this invocation in a dispatch of up to 65535 x 65535 groups of 64 (the host
// spreads long element runs over y, as maxComputeWorkGroupCount only promises 65535 per dimension).
uint elementIndex() {
    return gl_GlobalInvocationID.y * gl_NumWorkGroups.x * 64u + gl_GlobalInvocationID.x;
}
