package dev.cairn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedPagesTest {

    private static final List<String> SMAPS = List.of(
            "7f0000000000-7f0000400000 r--s 00000000 fd:00 42                         /models/m.gguf",
            "Size:               4096 kB",
            "Rss:                3072 kB",
            "FilePmdMapped:      2048 kB",
            "AnonHugePages:         0 kB",
            "THPeligible:    0",
            "VmFlags: rd sh mr mw me ms sd",
            "7f0000400000-7f0000600000 rw-p 00000000 00:00 0",
            "Rss:                2048 kB",
            "AnonHugePages:      2048 kB",
            "7f0000600000-7f0000601000 r--p 00000000 fd:00 7                          /lib/x.so",
            "Rss:                   4 kB",
            "FilePmdMapped:         0 kB");

    @Test
    void sumsTheAreasThatOverlapTheRange() {
        MappedPages file = MappedPages.parse(SMAPS, 0x7f0000001000L, 0x7f0000002000L);
        assertEquals(new MappedPages(3072L << 10, 2048L << 10), file);
        assertEquals(2.0 / 3, file.hugePageShare(), 1e-12);

        MappedPages fileAndHeap = MappedPages.parse(SMAPS, 0x7f0000000000L, 0x7f0000500000L);
        assertEquals(new MappedPages(5120L << 10, 4096L << 10), fileAndHeap);
    }

    @Test
    void anAreaEndingWhereTheRangeStartsDoesNotCount() {
        assertEquals(new MappedPages(4L << 10, 0), MappedPages.parse(SMAPS, 0x7f0000600000L, 0x7f0000601000L));
        assertEquals(new MappedPages(0, 0), MappedPages.parse(SMAPS, 0x7f0000601000L, 0x7f0000700000L));
        assertEquals(0, new MappedPages(0, 0).hugePageShare());
    }

    @Test
    void pointsToThePageSizeNotesOnlyWhenMostOfTheMappingIsInSmallPages() {
        assertEquals("75% of the 4.00 MiB mapped now in 2 MiB pages", new MappedPages(4L << 20, 3L << 20).describe());
        assertEquals("25% of the 4.00 MiB mapped now in 2 MiB pages (the page cache holds the file in small pieces:"
                + " see the README, \"Page size\")", new MappedPages(4L << 20, 1L << 20).describe());
        assertEquals("0% of the 0 B mapped now in 2 MiB pages", new MappedPages(0, 0).describe());
    }

    @Test
    void findsAFileMappingOfThisProcessResidentOnceRead(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("weights.bin");
        Files.write(file, new byte[1 << 20]);
        try (Arena arena = Arena.ofConfined(); FileChannel channel = FileChannel.open(file)) {
            MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            long sum = 0;
            for (long at = 0; at < mapped.byteSize(); at += 4096) {
                sum += mapped.get(ValueLayout.JAVA_BYTE, at);
            }
            assertEquals(0, sum);
            MappedPages pages = MappedPages.of(mapped).orElseThrow();
            assertTrue(pages.residentBytes() >= mapped.byteSize(), pages::toString);
            assertTrue(pages.hugePageBytes() <= pages.residentBytes(), pages::toString);
        }
    }
}
