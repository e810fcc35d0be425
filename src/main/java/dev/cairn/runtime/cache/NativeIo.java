package dev.cairn.runtime.cache;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The few libc calls streaming needs that Java has no API for, through FFM: {@code madvise} to load and
 * release a mapped layer's pages, and {@code posix_fadvise} to drop a file from the page cache (for
 * cold-cache measurements). Linux values; where a call is missing, the methods report false.
 */
public final class NativeIo {

    private static final int MADV_WILLNEED = 3;
    private static final int MADV_DONTNEED = 4;
    private static final int MADV_POPULATE_READ = 22;
    private static final int POSIX_FADV_DONTNEED = 4;
    private static final int O_RDONLY = 0;

    /** The memory page size all {@code madvise} ranges are aligned to. */
    public static final long PAGE = 4096;

    private static final MethodHandle MADVISE;
    private static final MethodHandle FADVISE;
    private static final MethodHandle OPEN;
    private static final MethodHandle CLOSE;

    static {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        MADVISE = find(linker, libc, "madvise", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        FADVISE = find(linker, libc, "posix_fadvise", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        OPEN = find(linker, libc, "open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                ValueLayout.JAVA_INT));
        CLOSE = find(linker, libc, "close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }

    private NativeIo() {
    }

    private static MethodHandle find(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor descriptor) {
        Optional<MemorySegment> symbol = lookup.find(name);
        return symbol.map(s -> linker.downcallHandle(s, descriptor)).orElse(null);
    }

    /** Asks the kernel to read {@code range}'s pages now and map them; false where that is unsupported. */
    public static boolean populate(MemorySegment range) {
        return advise(range, MADV_POPULATE_READ) || advise(range, MADV_WILLNEED);
    }

    /**
     * Brings {@code range}'s pages into memory before they are used: {@link #populate}, or else a read of
     * one byte per page.
     */
    public static void prefault(MemorySegment range) {
        if (populate(range)) {
            return;
        }
        long sum = 0;
        for (long at = 0; at < range.byteSize(); at += PAGE) {
            sum += range.get(java.lang.foreign.ValueLayout.JAVA_BYTE, at);
        }
        touched = sum; // a volatile write keeps the reads from being optimised away
    }

    private static volatile long touched;

    /** Releases {@code range}'s pages from this process (they stay in the page cache, clean). */
    public static boolean release(MemorySegment range) {
        return advise(range, MADV_DONTNEED);
    }

    private static boolean advise(MemorySegment range, int advice) {
        if (MADVISE == null || range.byteSize() == 0) {
            return false;
        }
        long start = range.address() & -PAGE;
        long end = range.address() + range.byteSize();
        try {
            return (int) MADVISE.invokeExact(MemorySegment.ofAddress(start), end - start, advice) == 0;
        } catch (Throwable t) {
            return false;
        }
    }

    /** Drops {@code file}'s pages from the page cache so the next read comes from the disk. */
    public static boolean dropFromPageCache(Path file) {
        if (OPEN == null || FADVISE == null || CLOSE == null) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(arena.allocateFrom(file.toString()), O_RDONLY);
            if (fd < 0) {
                return false;
            }
            int result = (int) FADVISE.invokeExact(fd, 0L, 0L, POSIX_FADV_DONTNEED);
            int closed = (int) CLOSE.invokeExact(fd);
            return result == 0 && closed == 0;
        } catch (Throwable t) {
            return false;
        }
    }
}
