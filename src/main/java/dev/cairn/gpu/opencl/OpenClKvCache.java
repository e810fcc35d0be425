package dev.cairn.gpu.opencl;

import dev.cairn.backend.KvShape;
import dev.cairn.gpu.DeviceKvCache;
import java.util.Set;
import java.util.function.LongFunction;

/** Keys and values in device memory, a buffer per layer for each: {@code (context, kv_dim)} F16 or F32. */
final class OpenClKvCache extends DeviceKvCache<ClBuffer> {

    OpenClKvCache(KvShape shape, LongFunction<ClBuffer> buffer, Set<AutoCloseable> open) {
        super(shape, buffer, open);
    }
}
