package dev.cairn.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * How long some of this process's threads have waited for a CPU while ready to run, from Linux's
 * {@code /proc/self/task/<tid>/schedstat} (second field: nanoseconds spent on a run queue). Time a thread
 * waited for a CPU is time other processes had it: the machine's delay, not the app's. Where there is
 * no such file, the wait reads as zero.
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

    long nanos() {
        long sum = 0;
        for (Path schedstat : schedstats) {
            String[] fields = read(schedstat).trim().split("\\s+");
            if (fields.length >= 2) {
                sum += Long.parseLong(fields[1]);
            }
        }
        return sum;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
