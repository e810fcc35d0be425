package dev.cairn.runtime.cache;

/**
 * How layers stream.
 *
 * @param prefetch  layers read ahead of the one computing (at least 1)
 * @param ioThreads threads reading layers
 * @param readMode  how layers are read
 */
public record StreamingOptions(int prefetch, int ioThreads, ReadMode readMode) {

    public StreamingOptions {
        if (prefetch < 1 || ioThreads < 1) {
            throw new IllegalArgumentException("prefetch and I/O threads must be at least 1");
        }
    }
}
