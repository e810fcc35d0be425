// Combines one float per invocation of a 64-wide workgroup (a sum or a maximum) and returns it to all of
// them. Where the device has subgroup arithmetic (the host compiles with USE_SUBGROUPS, and the kernel
// enables GL_KHR_shader_subgroup_arithmetic) each subgroup combines in registers and only the subgroups'
// results meet in shared memory; elsewhere a tree in shared memory does it all. Call from uniform control flow.
shared float reduction[64];

float workgroupReduce(float value, bool takeMax) {
#ifdef USE_SUBGROUPS
    float part = takeMax ? subgroupMax(value) : subgroupAdd(value);
    if (subgroupElect()) {
        reduction[gl_SubgroupID] = part;
    }
    barrier();
    float total = reduction[0];
    for (uint s = 1u; s < gl_NumSubgroups; s++) {
        total = takeMax ? max(total, reduction[s]) : total + reduction[s];
    }
#else
    uint id = gl_LocalInvocationID.x;
    reduction[id] = value;
    barrier();
    for (uint stride = 32u; stride > 0u; stride >>= 1) {
        if (id < stride) {
            reduction[id] = takeMax ? max(reduction[id], reduction[id + stride]) : reduction[id] + reduction[id + stride];
        }
        barrier();
    }
    float total = reduction[0];
#endif
    barrier(); // the next call may overwrite what this one read
    return total;
}

float workgroupSum(float value) {
    return workgroupReduce(value, false);
}

float workgroupMax(float value) {
    return workgroupReduce(value, true);
}
