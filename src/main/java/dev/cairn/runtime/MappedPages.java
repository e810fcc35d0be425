package dev.cairn.runtime;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the kernel maps a range of this process's memory, as {@code /proc/self/smaps} reports it: the bytes
 * resident and how many of them are mapped as 2 MiB pages.
 *
 * <p>Why it matters: a model file maps as 2 MiB pages only where the page cache holds it in 2 MiB folios.
 * The kernel reads a file into the cache that way, but a file written in small pieces (a download tool's
 * 16-256 KiB writes) stays in small folios for as long as it stays cached. With 4 KiB pages every decoded
 * token walks the page tables once per 4 KiB of weights, and streaming maps and unmaps each page on its own:
 * the README's "Page size" measurements (the same file both ways) show decode and streaming well below
 * their speed with 2 MiB pages.
 */
public record MappedPages(long residentBytes, long hugePageBytes) {

    private static final Pattern AREA = Pattern.compile("^([0-9a-f]+)-([0-9a-f]+) ");
    private static final Pattern FIELD = Pattern.compile("^(\\w+):\\s+(\\d+) kB$");

    /** Share of the resident bytes mapped as 2 MiB pages; 0 when nothing is resident. */
    public double hugePageShare() {
        return residentBytes == 0 ? 0 : (double) hugePageBytes / residentBytes;
    }

    /** One line for a report: the share in 2 MiB pages, and where it is low, what to read about it. */
    public String describe() {
        return String.format(Locale.ROOT, "%.0f%% of the %s mapped now in 2 MiB pages%s", 100 * hugePageShare(),
                Bytes.format(residentBytes), residentBytes > 0 && hugePageShare() < 0.5
                        ? " (the page cache holds the file in small pieces: see the README, \"Page size\")" : "");
    }

    /** The mapping of {@code range} now; empty where {@code /proc/self/smaps} cannot be read (not Linux). */
    public static Optional<MappedPages> of(MemorySegment range) {
        try {
            return Optional.of(parse(Files.readAllLines(Path.of("/proc/self/smaps")), range.address(),
                    range.address() + range.byteSize()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Sums the areas of {@code smaps} that overlap {@code [start, end)}: an area's figures are its own, so an
     * area reaching past the range counts whole (a file mapping is an area of its own).
     */
    static MappedPages parse(List<String> smaps, long start, long end) {
        long resident = 0;
        long huge = 0;
        boolean inRange = false;
        for (String line : smaps) {
            Matcher area = AREA.matcher(line);
            if (area.find()) {
                inRange = Long.parseUnsignedLong(area.group(1), 16) < end
                        && Long.parseUnsignedLong(area.group(2), 16) > start;
                continue;
            }
            Matcher field = FIELD.matcher(line);
            if (!inRange || !field.matches()) {
                continue;
            }
            long bytes = Long.parseLong(field.group(2)) << 10;
            switch (field.group(1)) {
                case "Rss" -> resident += bytes;
                case "FilePmdMapped", "AnonHugePages", "ShmemPmdMapped" -> huge += bytes;
                default -> { }
            }
        }
        return new MappedPages(resident, huge);
    }
}
