package dev.cairn.download;

import java.time.Duration;

/**
 * How often a download tries again after a dropped connection or a busy server, and how long it waits:
 * {@code first}, doubling up to {@code longest}. The count starts over whenever bytes arrive.
 */
public record Retry(int attempts, Duration first, Duration longest) {

    public static final Retry DEFAULT = new Retry(5, Duration.ofSeconds(1), Duration.ofSeconds(30));

    public Retry {
        attempts = Math.max(0, attempts);
    }

    public Retry withAttempts(int n) {
        return new Retry(n, first, longest);
    }

    /** The wait before retry {@code attempt} (1 for the first). */
    Duration delay(int attempt) {
        long millis = first.toMillis() << Math.min(20, attempt - 1);
        return Duration.ofMillis(Math.min(millis, longest.toMillis()));
    }
}
