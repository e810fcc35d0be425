package dev.cairn.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * How long some of this process's threads have waited for a CPU while ready to run, from Linux's
 * {@code /proc/self/task/<tid>/schedstat} (second field: nanoseconds spent on a run queue). Time a thread
 * waited for a CPU is time other threads had it: other processes, or the app's own compute threads,
 * which use every core. Where there is no such file, the wait reads as zero.
 */
final class RunQueueWait {

    private final List<Path> schedstats;

    private RunQueueWait(List<Path> schedstats) {
        this.schedstats = schedstats;
    }

    /** The threads whose kernel names (at most 15 characters of the Java name) start with one of {@code prefixes}. */
    static RunQueueWait ofThreads(String... prefixes) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return new RunQueueWait(tasks.filter(task -> {
                String name = read(task.resolve("comm"));
                return Stream.of(prefixes).anyMatch(prefix -> name.startsWith(prefix.substring(0, Math.min(15, prefix.length()))));
            }).map(task -> task.resolve("schedstat")).toList());
        } catch (IOException e) {
            return new RunQueueWait(List.of());
        }
    }

    int threads() {
        return schedstats.size();
    }

    /** Each thread's total wait so far, in the order of {@link #threads()}, written into {@code into}. */
    void nanos(long[] into) {
        for (int i = 0; i < schedstats.size(); i++) {
            String[] fields = read(schedstats.get(i)).trim().split("\\s+");
            into[i] = fields.length >= 2 ? Long.parseLong(fields[1]) : 0;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
