package dev.cairn.runtime.cache;

import java.util.Locale;

/** How streamed layers get from the file into memory. */
public enum ReadMode {
    /** Positional reads with {@code O_DIRECT} into aligned buffers: no page-cache copy of the file. */
    DIRECT,
    /** Positional reads through the page cache into the same buffers. */
    BUFFERED,
    /** The mapped file itself: loading touches the layer's pages, evicting releases them. */
    MMAP;

    public static ReadMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("read mode must be direct, buffered or mmap, not '" + text + "'");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
