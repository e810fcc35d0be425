// Sums (or takes the maximum of) one float per invocation of a 64-wide workgroup through shared memory,
// which every device has; the result is returned to all invocations. Call from uniform control flow.
shared float reduction[64];

float workgroupSum(float value) {
    uint id = gl_LocalInvocationID.x;
    reduction[id] = value;
    barrier();
    for (uint stride = 32u; stride > 0u; stride >>= 1) {
        if (id < stride) {
            reduction[id] += reduction[id + stride];
        }
        barrier();
    }
    float total = reduction[0];
    barrier();
    return total;
}

float workgroupMax(float value) {
    uint id = gl_LocalInvocationID.x;
    reduction[id] = value;
    barrier();
    for (uint stride = 32u; stride > 0u; stride >>= 1) {
        if (id < stride) {
            reduction[id] = max(reduction[id], reduction[id + stride]);
        }
        barrier();
    }
    float total = reduction[0];
    barrier();
    return total;
}
