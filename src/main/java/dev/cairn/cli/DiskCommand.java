package dev.cairn.cli;

import dev.cairn.runtime.Bytes;
import dev.cairn.runtime.MemoryBudget;
import dev.cairn.runtime.cache.DiskProbe;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Queue depth against throughput on one file: how many reads of which size the disk needs in flight to
 * reach its full rate. Each point reads a region of the file no other point read, so neither the page
 * cache nor a cache below it (a virtual disk's host) makes a later point look faster.
 */
@Command(name = "disk", mixinStandardHelpOptions = true,
        description = "Measure a file's O_DIRECT read rate against read size and reads in flight.")
final class DiskCommand implements Callable<Integer> {

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "A large file on the disk to measure (a model).")
    Path file;

    @Option(names = "--bytes", paramLabel = "SIZE", defaultValue = "512M", description = "Bytes read per point (default: ${DEFAULT-VALUE}).")
    String bytes;

    @Option(names = "--read-sizes", paramLabel = "SIZES", split = ",", defaultValue = "1M,4M,16M",
            description = "Sizes of one read (default: ${DEFAULT-VALUE}).")
    List<String> readSizes;

    @Option(names = "--in-flight", paramLabel = "NS", split = ",", defaultValue = "1,2,4,8",
            description = "Reads outstanding at once (default: ${DEFAULT-VALUE}).")
    List<Integer> inFlight;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        long perPoint = parseSize(bytes);
        long size = Files.size(file);
        if ((long) readSizes.size() * inFlight.size() * perPoint > size) {
            throw new IllegalArgumentException("the file (" + Bytes.format(size) + ") is too small for "
                    + readSizes.size() * inFlight.size() + " points of " + Bytes.format(perPoint) + " each");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s (%s), %s per point%n", file, Bytes.format(size), Bytes.format(perPoint));
        out.println("read size  in flight   MB/s   direct");
        long start = 0;
        for (String readSize : readSizes) {
            int readBytes = Math.toIntExact(parseSize(readSize));
            for (int depth : inFlight) {
                DiskProbe.Result r = DiskProbe.measure(file, start, perPoint, readBytes, depth);
                start += perPoint;
                out.printf(Locale.ROOT, "%9s  %9d  %6.0f   %s%n", Bytes.format(readBytes), depth, r.bytesPerSecond() / 1e6,
                        r.direct() ? "yes" : "no (page cache dropped first)");
                out.flush();
            }
        }
        return 0;
    }

    /** Sizes are written as budgets are (512M, 4M, 1G); a share of RAM means nothing here. */
    private static long parseSize(String text) {
        MemoryBudget size = MemoryBudget.parse(text);
        if (size.share() > 0) {
            throw new IllegalArgumentException("a size in bytes (4M, 1G), not a share: " + text);
        }
        return size.bytes();
    }
}
